package io.salvo.demo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.salvo.demo.media.AnnexBSource;
import io.salvo.demo.media.Codec;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.NalUnitLog;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacketList;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled sample packetized from the NAL units its reader logged gives datagrams identical
 * to packetizing it with a scan of every access unit, and every access unit came from the log.
 */
class PrescannedPacketizerTest {
    @TempDir
    Path dir;

    @Test
    void shouldMakeTheSameDatagramsAsAScanFromTheUnitsTheReaderFound() throws Exception {
        Path file;
        try (InputStream in = AnnexBSource.class.getResourceAsStream("/io/salvo/demo/sample.h264")) {
            file = Files.write(dir.resolve("sample.h264"), in.readAllBytes());
        }
        H264Packetizer scanning = H264Packetizer.builder(stream()).build();
        NalUnitLog log = new NalUnitLog(TrackCursor.LOGGED_ACCESS_UNITS);
        PrescannedPacketizer prescanned = new PrescannedPacketizer(H264Packetizer.builder(stream()).build(), log);
        int frames = 0;
        int packets = 0;
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            source.nalUnitLog(log);
            source.rewind();
            MediaFrame frame = new MediaFrame();
            while (source.next(frame)) {
                RtpPacketList expected = new RtpPacketList();
                RtpPacketList actual = new RtpPacketList();
                scanning.packetize(frame.buffer, frame.offset, frame.length, frame.dts, frame.keyframe, expected);
                prescanned.packetize(frame.buffer, frame.offset, frame.length, frame.dts, frame.keyframe, actual);
                assertEquals(expected.size(), actual.size(), "packets of frame " + frame.index);
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(bytes(expected.get(i).message()), bytes(actual.get(i).message()),
                            "packet " + i + " of frame " + frame.index);
                }
                frames++;
                packets += actual.size();
            }
        }
        assertEquals(240, frames);
        assertEquals(240, log.hits(), "every access unit's units came from the log (" + packets + " packets)");
        assertEquals(0, log.misses());
    }

    private static RtpStream stream() {
        return RtpStream.builder(96, 90_000).ssrc(0x5A1F0001L).firstSequenceNumber(7).build();
    }

    private static byte[] bytes(OutputMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < message.vectorCount(); i++) {
            OutputVector vector = message.vector(i);
            byte[] part = new byte[vector.length()];
            vector.buffer().get(vector.offset(), part);
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
