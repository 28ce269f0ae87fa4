package io.salvo.sender;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The two senders the contract tests run against. */
enum SenderKind {
    SENDMMSG {
        @Override
        DatagramSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options) throws IOException {
            return SendmmsgSender.open(local, remote, options);
        }
    },
    CHANNEL {
        @Override
        DatagramSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options) throws IOException {
            return ChannelSender.open(local, remote, options);
        }
    };

    abstract DatagramSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options)
            throws IOException;

    DatagramSender open(InetSocketAddress local) throws IOException {
        return open(local, null, new SenderOptions());
    }

    DatagramSender open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return open(local, remote, new SenderOptions());
    }
}
