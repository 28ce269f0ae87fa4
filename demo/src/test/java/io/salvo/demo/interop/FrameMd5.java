package io.salvo.demo.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ffmpeg {@code -f framemd5} file: the header ({@code #sample_rate 0: 48000} as
 * {@code sample_rate -> 48000}) and each decoded frame's MD5, presentation time and duration
 * (in the {@code #tb} time base), in output order.
 */
record FrameMd5(Map<String, String> header, List<String> hashes, List<Long> pts, List<Long> durations) {
    /** Reads {@code file}. */
    static FrameMd5 read(Path file) throws IOException {
        Map<String, String> header = new HashMap<>();
        List<String> hashes = new ArrayList<>();
        List<Long> pts = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#")) {
                int space = line.indexOf(' ');
                int colon = line.indexOf(": ");
                if (space > 1 && colon > space) {
                    header.put(line.substring(1, space), line.substring(colon + 2).trim());
                }
            } else if (!line.isBlank()) {
                String[] columns = line.split(",");  // stream#, dts, pts, duration, size, hash
                hashes.add(columns[columns.length - 1].trim());
                pts.add(Long.parseLong(columns[2].trim()));
                durations.add(Long.parseLong(columns[3].trim()));
            }
        }
        return new FrameMd5(header, hashes, pts, durations);
    }

    /** Frames decoded. */
    int frames() {
        return hashes.size();
    }

    /** Seconds per unit of the time base ({@code #tb 0: 1/90000}). */
    double timeBase() {
        String[] tb = header.getOrDefault("tb", "1/1").split("/");
        return Double.parseDouble(tb[0]) / Double.parseDouble(tb[1]);
    }
}
