package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;
import io.salvo.rtp.MediaClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole-file Annex B reader {@link AnnexBSource} replaced, kept as a reference: it splits every
 * access unit first, then ranks each coded video sequence by picture order count with a full
 * sort, and takes the reorder delay as the largest decode-minus-display index of the whole file.
 * The incremental reader must yield exactly its frames.
 */
final class EagerAnnexB {
    /** One frame as the eager reader returned it. */
    record Frame(int offset, int length, long pts, long dts, boolean keyframe) {
    }

    /** Its frames and delay. */
    record Result(List<Frame> frames, int delay) {
    }

    private EagerAnnexB() {
    }

    /** Reads {@code file} whole; the frame rate as {@link AnnexBSource} has it. */
    static Result read(Path file, Codec codec, double fallbackFrameRate) throws IOException {
        ByteBuffer map = ByteBuffer.wrap(Files.readAllBytes(file));
        PictureHeaders headers = codec == Codec.H264 ? new H264Headers() : new H265Headers();
        int end = map.capacity();
        List<int[]> units = new ArrayList<>(); // offset, length, keyframe, sequence start
        List<Long> orders = new ArrayList<>();
        int code = NalUnitList.findStartCode(map, 0, end);
        int auStart = code > 0 ? code - 1 : code;
        boolean hasVcl = false;
        boolean keyframe = false;
        long order = 0;
        boolean sequenceStart = false;
        int previousEnd = 0;
        while (code >= 0) {
            int nal = code + 3;
            int following = NalUnitList.findStartCode(map, nal, end);
            int nalEnd = following < 0 ? end : following;
            while (nalEnd > nal && map.get(nalEnd - 1) == 0) {
                nalEnd--;
            }
            int codeStart = code > previousEnd && map.get(code - 1) == 0 ? code - 1 : code;
            int length = nalEnd - nal;
            if (length < headers.headerLength()) {
                break; // only a start code at the very end in the files compared
            }
            int type = headers.type(map, nal);
            if (hasVcl && headers.startsAccessUnit(type, map, nal, length)) {
                units.add(new int[] {auStart, codeStart - auStart, keyframe ? 1 : 0, sequenceStart ? 1 : 0});
                orders.add(order);
                auStart = codeStart;
                hasVcl = false;
                keyframe = false;
            }
            headers.unit(type, map, nal, length);
            if (headers.isVcl(type)) {
                if (!hasVcl) {
                    order = headers.pictureOrderCount();
                    sequenceStart = headers.startsSequence() || units.isEmpty();
                }
                hasVcl = true;
                keyframe |= headers.isKeyframe(type);
            }
            previousEnd = nalEnd;
            code = following;
        }
        if (hasVcl || units.isEmpty()) {
            units.add(new int[] {auStart, end - auStart, keyframe ? 1 : 0, sequenceStart || units.isEmpty() ? 1 : 0});
            orders.add(order);
        } else {
            int[] last = units.get(units.size() - 1);
            last[1] = end - last[0];
        }
        int count = units.size();
        int[] displays = new int[count];
        int start = 0;
        while (start < count) {
            int stop = start + 1;
            while (stop < count && units.get(stop)[3] == 0) {
                stop++;
            }
            Integer[] byOrder = new Integer[stop - start];
            for (int i = 0; i < byOrder.length; i++) {
                byOrder[i] = start + i;
            }
            if (headers.orderKnown) {
                Arrays.sort(byOrder, (a, b) -> Long.compare(orders.get(a), orders.get(b)));
            }
            for (int rank = 0; rank < byOrder.length; rank++) {
                displays[byOrder[rank]] = start + rank;
            }
            start = stop;
        }
        int delay = 0;
        for (int i = 0; i < count; i++) {
            delay = Math.max(delay, i - displays[i]);
        }
        long numerator = headers.frameRateNumerator > 0 ? headers.frameRateNumerator
                : Math.round(fallbackFrameRate * 1000);
        long denominator = headers.frameRateNumerator > 0 ? headers.frameRateDenominator : 1000;
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] unit = units.get(i);
            frames.add(new Frame(unit[0], unit[1], time(displays[i] + delay, numerator, denominator),
                    time(i, numerator, denominator), unit[2] == 1));
        }
        return new Result(frames, delay);
    }

    private static long time(long frameIndex, long numerator, long denominator) {
        return MediaClock.rescale(frameIndex * denominator, numerator, MediaClock.VIDEO_RATE);
    }
}
