package io.salvo.bench;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketPool;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A batch of RTP datagrams shaped as the packetizers make them: each a 12-byte header vector in
 * a pooled slot slab plus a payload vector that views its own range of one direct frame buffer
 * (no copy), all to one destination.
 */
final class RtpDatagrams {
    static final int SIZE = 1200;
    static final int HEADER = RtpHeader.FIXED_LENGTH;
    static final int PAYLOAD = SIZE - HEADER;
    static final int PAYLOAD_TYPE = 96;
    static final long SSRC = 0x5A17_0001L;

    final OutputMessage[] messages;
    final ByteBuffer frame;

    /** {@code count} datagrams of {@link #SIZE} bytes to {@code to} (null: the connected peer). */
    RtpDatagrams(int count, InetSocketAddress to) {
        RtpPacketPool pool = new RtpPacketPool();
        frame = ByteBuffer.allocateDirect(count * PAYLOAD);
        for (int i = 0; i < frame.capacity(); i++) {
            frame.put(i, (byte) (i * 31));
        }
        messages = new OutputMessage[count];
        for (int i = 0; i < count; i++) {
            RtpPacket packet = pool.acquire();
            RtpHeader.write(packet.slot(), packet.slotOffset(), 0, i == count - 1, PAYLOAD_TYPE, i, 90_000, SSRC);
            packet.addSlot(0, HEADER).addPayload(frame, i * PAYLOAD, PAYLOAD);
            messages[i] = packet.message().address(to);
        }
    }
}
