package io.salvo.demo;

import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code --version}: the jar's implementation version, or the build's. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[]{"salvo " + (version == null ? "0.1.0-SNAPSHOT" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
