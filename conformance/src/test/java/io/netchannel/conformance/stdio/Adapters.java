package io.netchannel.conformance.stdio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for the device processes the bridge tests start: Java mains on this JVM's class path. */
final class Adapters {

    private Adapters() {
    }

    /** {@code java … mainClass args}, started as fast as a JVM starts. */
    static List<String> java(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The reference model over the protocol. */
    static List<String> model() {
        return java(ModelAdapter.class);
    }
}
