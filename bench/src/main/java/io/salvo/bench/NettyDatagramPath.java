package io.salvo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Batches of RTP datagrams through Netty's epoll datagram transport, written as a careful Netty
 * user would: on the channel's event loop, one {@code write} per {@link DatagramPacket} (with the
 * void promise) and one {@code flush} per batch; Netty then sends the flushed packets with
 * {@code sendmmsg}. Each packet is a pooled direct {@link CompositeByteBuf} of a 12-byte header
 * buffer and a retained slice of a pooled direct frame buffer (zero copy, like salvo's two
 * vectors), built once and retained before each write (Netty releases what it wrote).
 *
 * <p>{@link #sendBatch()} hands the batch to the event loop and spins until Netty's outbound
 * buffer is empty again: every datagram of the batch has been accepted by the kernel.
 */
final class NettyDatagramPath {
    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    private final Channel channel;
    private final EventLoop loop;
    private final DatagramPacket[] packets;
    private final ByteBuf frame;
    private final Runnable writeBatch = this::writeBatch;
    private final Runnable awaitFlushed = this::awaitFlushed;
    private volatile boolean done;
    private volatile long failures;

    /**
     * An IPv4 channel bound to {@code local} (and connected to {@code to} if {@code connect})
     * sending {@code count} 1200-byte datagrams to {@code to} per batch.
     */
    NettyDatagramPath(InetSocketAddress local, InetSocketAddress to, boolean connect, int count)
            throws InterruptedException {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty epoll unavailable", Epoll.unavailabilityCause());
        }
        ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        channel = new Bootstrap().group(group)
                .channelFactory(() -> new EpollDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.ALLOCATOR, allocator)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        failures++;
                    }
                })
                .bind(local).sync().channel();
        if (connect) {
            channel.connect(to).sync();
        }
        loop = channel.eventLoop();
        RtpDatagrams shape = new RtpDatagrams(count, to);
        frame = allocator.directBuffer(count * RtpDatagrams.PAYLOAD);
        frame.writeBytes(shape.frame.duplicate().clear());
        packets = new DatagramPacket[count];
        for (int i = 0; i < count; i++) {
            ByteBuf header = allocator.directBuffer(RtpDatagrams.HEADER);
            var vector = shape.messages[i].vector(0);
            header.writeBytes(vector.buffer().duplicate().clear().position(vector.offset()).limit(vector.offset()
                    + RtpDatagrams.HEADER));
            CompositeByteBuf datagram = allocator.compositeDirectBuffer(2).addComponents(true, header,
                    frame.retainedSlice(i * RtpDatagrams.PAYLOAD, RtpDatagrams.PAYLOAD));
            packets[i] = new DatagramPacket(datagram, to);
        }
    }

    /** Sends one batch; returns once the kernel took every datagram of it. */
    int sendBatch() {
        done = false;
        loop.execute(writeBatch);
        while (!done) {
            Thread.onSpinWait();
        }
        return packets.length;
    }

    /** Write failures seen by the pipeline (0 when every datagram went out). */
    long failures() {
        return failures;
    }

    private void writeBatch() {
        ChannelPromise voidPromise = channel.voidPromise();
        for (DatagramPacket packet : packets) {
            channel.write(packet.retain(), voidPromise);
        }
        channel.flush();
        awaitFlushed();
    }

    private void awaitFlushed() {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pending == null || pending.isEmpty()) {
            done = true;
        } else {
            loop.execute(awaitFlushed); // EAGAIN: Netty flushes the rest when the socket is writable
        }
    }

    void close() {
        channel.close().syncUninterruptibly();
        for (DatagramPacket packet : packets) {
            ReferenceCountUtil.release(packet);
        }
        frame.release();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
