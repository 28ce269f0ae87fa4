package io.salvo.demo.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample clip inside salvo.jar (8 s of H.264, 640x360, 30 fps; the README gives the ffmpeg
 * command that made it), copied once to a temporary file so it can be mapped like any file.
 */
public final class BundledSample {
    /** The name that stands for the sample where a file is expected. */
    public static final String NAME = "sample";
    private static final String RESOURCE = "/io/salvo/demo/sample.h264";
    private static Path extracted;

    private BundledSample() {
    }

    /** The sample as a file (deleted when the JVM exits). */
    public static synchronized Path path() {
        if (extracted == null) {
            try (InputStream in = BundledSample.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled sample " + RESOURCE + " is missing from the jar");
                }
                Path file = Files.createTempFile("salvo-sample-", ".h264");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                extracted = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the bundled sample", e);
            }
        }
        return extracted;
    }
}
