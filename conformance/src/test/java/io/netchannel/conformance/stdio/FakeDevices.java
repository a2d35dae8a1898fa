package io.netchannel.conformance.stdio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Scripted fake devices (spec 13, section 7): a bash script that speaks just enough of the
 * protocol — init, an {@code ok} control, a shutdown — and misbehaves on {@code kick} (or on
 * {@code control}) as told.
 */
final class FakeDevices {

    private FakeDevices() {
    }

    /** The common part; {@code KICK} and {@code CONTROL} are replaced by the misbehaviour. */
    private static final String TEMPLATE = """
            #!/bin/bash
            mem=""
            while IFS= read -r line; do
              id=$(printf '%s' "$line" | sed -n 's/^{"type":"[a-z_]*","id":\\([0-9]*\\).*/\\1/p')
              type=$(printf '%s' "$line" | sed -n 's/^{"type":"\\([a-z_]*\\)".*/\\1/p')
              case "$type" in
                init)
                  mem=$(printf '%s' "$line" | sed -n 's/.*"memoryFile":"\\([^"]*\\)".*/\\1/p')
                  echo "{\\"type\\":\\"init_ok\\",\\"in_reply_to\\":$id,\\"vendor\\":\\"fake\\",\\"product\\":\\"NAME\\",\\"version\\":\\"0\\",\\"profiles\\":[\\"core\\"],\\"limits\\":{\\"maxContexts\\":64,\\"maxMacsPerContext\\":8,\\"maxMulticastGroups\\":64,\\"maxContextId\\":4095},\\"choices\\":{}}";;
                shutdown)
                  echo "{\\"type\\":\\"shutdown_ok\\",\\"in_reply_to\\":$id}"; exit 0;;
                control)
                  CONTROL;;
                kick)
                  KICK;;
                *)
                  echo "{\\"type\\":\\"${type}_ok\\",\\"in_reply_to\\":$id}";;
              esac
            done
            """;

    /** An ordinary answer to a control request. */
    static final String CONTROL_OK = "echo \"{\\\"type\\\":\\\"control_ok\\\",\\\"in_reply_to\\\":$id,\\\"result\\\":{\\\"outcome\\\":\\\"ok\\\"}}\"";
    /** An ordinary answer to a kick. */
    static final String KICK_OK = "echo \"{\\\"type\\\":\\\"kick_ok\\\",\\\"in_reply_to\\\":$id}\"";

    /** Writes the fake device {@code name} into {@code dir}; returns its command line. */
    static List<String> script(Path dir, String name, String control, String kick) {
        Path file = dir.resolve(name + ".sh");
        try {
            Files.writeString(file, TEMPLATE.replace("NAME", name).replace("CONTROL", control).replace("KICK", kick));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(file.toString());
    }

    /** A fake device that answers controls and misbehaves on kick. */
    static List<String> onKick(Path dir, String name, String kick) {
        return script(dir, name, CONTROL_OK, kick);
    }
}
