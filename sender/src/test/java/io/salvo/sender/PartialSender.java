package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test {@link DatagramSender} that takes only part of each batch, as a congested kernel does:
 * a random number of messages from 0 (would block) to all, recording what it "sent".
 */
final class PartialSender implements DatagramSender {
    /** One datagram taken: its destination and bytes. */
    record Sent(InetSocketAddress to, byte[] bytes) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final Random random;
    private final double wouldBlockChance;
    private boolean takeAll;
    boolean closed;
    int calls;
    /** Runs at the start of every send call (a test may move its virtual clock there). */
    Runnable beforeSend = () -> { };

    PartialSender(long seed, double wouldBlockChance) {
        this.random = new Random(seed);
        this.wouldBlockChance = wouldBlockChance;
    }

    /** A sender that takes every message of every batch. */
    static PartialSender takingAll() {
        PartialSender sender = new PartialSender(0, 0);
        sender.takeAll = true;
        return sender;
    }

    @Override
    public int send(OutputMessage[] messages, int offset, int count, int flags, long timeoutMicros,
                    Cancellable cancellable) throws SenderClosedException, WouldBlockException {
        calls++;
        beforeSend.run();
        if (closed) {
            throw new SenderClosedException();
        }
        if (random.nextDouble() < wouldBlockChance) {
            throw new WouldBlockException();
        }
        int take = takeAll ? count : 1 + random.nextInt(count);
        for (int i = offset; i < offset + take; i++) {
            OutputMessage message = messages[i];
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int v = 0; v < message.vectorCount(); v++) {
                OutputVector vector = message.vector(v);
                for (int b = 0; b < vector.length(); b++) {
                    bytes.write(vector.buffer().get(vector.offset() + b));
                }
            }
            sent.add(new Sent(message.address(), bytes.toByteArray()));
            message.bytesSent(bytes.size());
        }
        for (int i = offset + take; i < offset + count; i++) {
            messages[i].bytesSent(0);
        }
        return take;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SenderStats stats() {
        return null;
    }

    @Override
    public DatagramReceiver receiver() {
        throw new UnsupportedOperationException("PartialSender receives nothing");
    }

    @Override
    public void close() {
        closed = true;
    }
}
