package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.packetizer.NalUnitList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AnnexBSource} publishing each access unit's NAL units to a {@link NalUnitLog}: they are
 * exactly the units a scan of the frame finds, through windows smaller than access units and
 * after a rewind; frames never looked up, and a full log, lose nothing but the lookup.
 */
class NalUnitLogTest {
    @TempDir
    Path dir;

    private Path sample() throws IOException {
        return Files.write(dir.resolve("sample.h264"), AnnexBWindowsTest.sample());
    }

    /** Looks {@code frame} up and, when found, checks the units against a scan; true when found. */
    private static boolean lookUp(NalUnitLog log, MediaFrame frame) {
        NalUnitList logged = log.find(frame.buffer, frame.offset, frame.length);
        if (logged == null) {
            return false;
        }
        NalUnitList scanned = new NalUnitList().scanAnnexB(frame.buffer, frame.offset, frame.length, "H.264");
        assertEquals(scanned.size(), logged.size(), "units of frame " + frame.index);
        for (int i = 0; i < scanned.size(); i++) {
            assertSame(frame.buffer, logged.buffer(i));
            assertEquals(scanned.offset(i), logged.offset(i), "unit " + i + " of frame " + frame.index);
            assertEquals(scanned.length(i), logged.length(i), "unit " + i + " of frame " + frame.index);
        }
        log.release();
        return true;
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @ValueSource(ints = {256, 4096, WindowedMediaFile.DEFAULT_WINDOW})
    void shouldLogTheUnitsAScanFindsForEveryAccessUnitSplitAfterTheLogWasSet(int windowSize) throws IOException {
        try (AnnexBSource source = new AnnexBSource(sample(), Codec.H264, 25, windowSize)) {
            NalUnitLog log = new NalUnitLog(1024);
            int ahead = source.framesAhead(); // split before the log was set
            source.nalUnitLog(log);
            MediaFrame frame = new MediaFrame();
            int found = 0;
            while (source.next(frame)) {
                found += lookUp(log, frame) ? 1 : 0;
            }
            assertEquals(240 - ahead, found, ahead + " frames were split ahead before the log was set");
            assertEquals(found, log.hits());

            source.rewind();
            found = 0;
            while (source.next(frame)) {
                found += lookUp(log, frame) ? 1 : 0;
            }
            assertEquals(240, found, "after a rewind every access unit is logged");
        }
    }

    @Test
    void shouldDropTheUnitsOfAccessUnitsNeverLookedUpAndStillFindTheNextOnes() throws IOException {
        try (AnnexBSource source = new AnnexBSource(sample(), Codec.H264)) {
            NalUnitLog log = new NalUnitLog(1024);
            source.nalUnitLog(log);
            source.rewind();
            MediaFrame frame = new MediaFrame();
            int found = 0;
            while (source.next(frame)) {
                if (frame.index % 3 != 1) { // every third frame is never handed on
                    found += lookUp(log, frame) ? 1 : 0;
                }
            }
            assertEquals(160, found);
            assertEquals(0, log.misses());
        }
    }

    @Test
    void shouldLeaveAccessUnitsSplitWhileTheLogWasFullToTheScanAndRecover() throws IOException {
        try (AnnexBSource source = new AnnexBSource(sample(), Codec.H264)) {
            NalUnitLog log = new NalUnitLog(64);
            source.nalUnitLog(log);
            source.rewind();
            MediaFrame frame = new MediaFrame();
            int found = 0;
            int frames = 0;
            int firstFound = -1;
            while (source.next(frame)) {
                frames++;
                if (frames <= 100) { // never handed on: the log fills with their units, then stays full
                    continue;
                }
                boolean hit = lookUp(log, frame);
                found += hit ? 1 : 0;
                firstFound = hit && firstFound < 0 ? frames : firstFound;
            }
            assertEquals(240, frames);
            int ahead = firstFound - 101; // split while the log was full, before the first lookup emptied it
            assertTrue(ahead >= 0 && ahead < 64, "first found: frame " + firstFound);
            assertEquals(140 - ahead, found, "every frame split after the log recovered is found");
        }
    }

    @Test
    void shouldFindNothingForAFrameItHasNotLoggedAndRefuseAReleaseWithoutAFind() {
        NalUnitLog log = new NalUnitLog(8);
        assertNull(log.find(java.nio.ByteBuffer.allocate(16), 0, 16));
        assertEquals(1, log.misses());
        IllegalStateException e = assertThrows(IllegalStateException.class, log::release);
        assertEquals("no NAL unit list was found to release", e.getMessage());
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class, () -> new NalUnitLog(12));
        assertEquals("NAL unit log capacity must be a power of two, was 12", capacity.getMessage());
        NalUnitList claimed = log.claim();
        assertNotNull(claimed);
    }
}
