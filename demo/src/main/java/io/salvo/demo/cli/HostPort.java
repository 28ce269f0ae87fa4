package io.salvo.demo.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code HOST:PORT} destinations: {@code 127.0.0.1:5004}, {@code [::1]:5004}, {@code localhost:5004}. */
public final class HostPort {
    private HostPort() {
    }

    /**
     * The resolved address of {@code text}.
     *
     * @throws UserError naming what is wrong: no port, a port outside 1–65535, an unknown host
     */
    public static InetSocketAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new UserError("invalid destination '" + text + "': expected [IPV6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new UserError("invalid destination '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:5004");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new UserError("invalid destination '" + text + "': port '" + port + "' is not a number");
        }
        if (number < 1 || number > 65535) {
            throw new UserError("invalid destination '" + text + "': port " + number + " is outside 1-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            throw new UserError("invalid destination '" + text + "': unknown host '" + host + "'");
        }
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
