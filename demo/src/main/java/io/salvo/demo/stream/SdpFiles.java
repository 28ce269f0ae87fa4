package io.salvo.demo.stream;

import io.salvo.demo.cli.UserError;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.SdpWriter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one SDP file per destination: {@code FILE} for the first, and {@code FILE} with
 * {@code -2}, {@code -3}… before its extension for the others ({@code salvo.sdp},
 * {@code salvo-2.sdp}), each describing the streams as its receiver sees them: one media section
 * per stream, on the destination's port plus the stream's port offset.
 */
public final class SdpFiles {
    /**
     * One media section: the stream's packetizer, its port offset, the feedback it offers and, for
     * an SRTP stream, the value of its {@code a=crypto} attribute ({@code 1 NAME inline:KEY}; null
     * in clear).
     */
    public record Section(Packetizer packetizer, int portOffset, SdpWriter.Feedback feedback, String crypto) {
        /** A section of a stream sent in clear. */
        public Section(Packetizer packetizer, int portOffset, SdpWriter.Feedback feedback) {
            this(packetizer, portOffset, feedback, null);
        }
    }

    private SdpFiles() {
    }

    /** Writes the files without RTCP lines and returns their paths, in destination order. */
    public static List<Path> write(Path file, Packetizer packetizer, List<InetSocketAddress> destinations) {
        return write(file, packetizer, destinations, SdpWriter.Rtcp.UNSTATED, null, SdpWriter.Feedback.none());
    }

    /**
     * Writes the files with {@code rtcp}'s line, {@code feedback}'s lines and, unless null, the
     * stream's {@code cname}, and returns their paths, in destination order.
     */
    public static List<Path> write(Path file, Packetizer packetizer, List<InetSocketAddress> destinations,
                                   SdpWriter.Rtcp rtcp, String cname, SdpWriter.Feedback feedback) {
        return write(file, List.of(new Section(packetizer, 0, feedback)), destinations, rtcp, cname);
    }

    /**
     * Writes the files with a media section per entry of {@code sections}, in order, {@code rtcp}'s
     * line in each and, unless null, the streams' shared {@code cname}; returns their paths, in
     * destination order. The session id is the first stream's SSRC.
     */
    public static List<Path> write(Path file, List<Section> sections, List<InetSocketAddress> destinations,
                                   SdpWriter.Rtcp rtcp, String cname) {
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            InetSocketAddress to = destinations.get(i);
            Path target = i == 0 ? file : numbered(file, i + 1);
            SdpWriter writer = new SdpWriter(to.getAddress()).sessionId(sections.get(0).packetizer().stream().ssrc())
                    .rtcp(rtcp).cname(cname);
            for (Section section : sections) {
                writer.media(section.packetizer(), to.getPort() + section.portOffset(), section.feedback(),
                        section.crypto());
            }
            String sdp = writer.write();
            try {
                Files.writeString(target, sdp, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                throw new UserError("cannot write " + target + ": no such directory " + target.toAbsolutePath().getParent(), e);
            } catch (AccessDeniedException e) {
                throw new UserError("cannot write " + target + ": permission denied", e);
            } catch (FileSystemException e) {
                String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
                throw new UserError("cannot write " + target + ": " + reason, e);
            } catch (IOException e) {
                throw new UserError("cannot write " + target + ": " + e.getMessage(), e);
            }
            written.add(target);
        }
        return written;
    }

    /** {@code dir/name-N.ext} for {@code dir/name.ext}. */
    static Path numbered(Path file, int n) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        return file.resolveSibling(numbered);
    }
}
