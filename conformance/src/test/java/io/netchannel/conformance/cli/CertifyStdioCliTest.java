package io.netchannel.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netchannel certify --stdio} before any certification starts: a path that is no executable,
 * a device that cannot complete {@code init}, and options that contradict each other are clear
 * errors with their exit codes. None of these cases runs a property or a vector.
 */
class CertifyStdioCliTest {

    /** Answers init like a core device and every other request with {@code <type>_ok}; enough to be a provider. */
    private static final String ANSWERS_INIT = """
            #!/bin/bash
            while IFS= read -r line; do
              id=$(printf '%s' "$line" | sed -n 's/.*"id":\\([0-9]*\\).*/\\1/p')
              type=$(printf '%s' "$line" | sed -n 's/^{"type":"\\([a-z_]*\\)".*/\\1/p')
              if [ "$type" = init ]; then
                echo "{\\"type\\":\\"init_ok\\",\\"in_reply_to\\":$id,\\"vendor\\":\\"fake\\",\\"product\\":\\"p\\",\\"version\\":\\"0\\",\\"profiles\\":[\\"core\\"],\\"limits\\":{\\"maxContexts\\":64,\\"maxMacsPerContext\\":8,\\"maxMulticastGroups\\":64,\\"maxContextId\\":4095}}"
              else
                echo "{\\"type\\":\\"${type}_ok\\",\\"in_reply_to\\":$id}"
                [ "$type" = shutdown ] && exit 0
              fi
            done
            """;

    @TempDir
    Path dir;

    private Path script(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private CliRun certify(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "certify";
        all[1] = "--report";
        all[2] = dir.resolve("report").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.of(all);
    }

    @Test
    void aPathThatDoesNotExistExitsThreeNamingIt() {
        Path missing = dir.resolve("no-such-device");
        CliRun run = certify("--stdio", missing.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(run.err()).contains(missing.toString()).contains("no such file");
        assertThat(run.out()).doesNotContain("Certifying");
    }

    @Test
    void aFileThatIsNotExecutableOrADirectoryExitsThreeNamingIt() throws IOException {
        Path plain = dir.resolve("netdev.txt");
        Files.writeString(plain, "#!/bin/sh\n");
        CliRun run = certify("--stdio", plain.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(run.err()).contains(plain.toString()).contains("not an executable file");

        Path folder = Files.createDirectory(dir.resolve("build"));
        CliRun onFolder = certify("--stdio", folder.toString());
        assertThat(onFolder.code()).as(onFolder.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(onFolder.err()).contains(folder.toString()).contains("not an executable file");
    }

    @Test
    void aDeviceThatFailsInitExitsThreeNamingTheCommandAndWhy() throws IOException {
        // reads the init request, then exits: the bridge sees the process end during init
        Path quits = script("quits.sh", "#!/bin/sh\nread line\nexit 7\n");
        CliRun run = certify("--stdio", quits.toString(), "--stdio-timeout", "2000");
        assertThat(run.code()).as(run.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(run.err()).contains(quits.toString()).contains("did not complete init").contains("died").contains("exit status 7");
        assertThat(run.err()).doesNotContain("\tat ");

        // exits before it even reads init, with its last words on stderr: a death with its status and words, whichever
        // of the process's end and the request comes first
        Path refuses = script("refuses.sh", "#!/bin/sh\necho 'no licence file' >&2\nexit 7\n");
        for (int attempt = 0; attempt < 5; attempt++) {
            CliRun early = certify("--stdio", refuses.toString(), "--stdio-timeout", "2000");
            assertThat(early.code()).as(early.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
            assertThat(early.err()).as("attempt " + attempt).contains("died").contains("exit status 7").contains("no licence file")
                    .doesNotContain("garbage");
        }

        Path babbles = script("babbles.sh", "#!/bin/sh\nread line\necho 'Acme NIC v2 ready'\nsleep 5\n");
        CliRun garbage = certify("--stdio", babbles.toString(), "--stdio-timeout", "2000");
        assertThat(garbage.code()).as(garbage.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(garbage.err()).contains(babbles.toString()).contains("not a JSON object").contains("Acme NIC v2 ready");
    }

    @Test
    void anInitOkWithoutLimitsExitsThreeNamingWhatIsMissing() throws IOException {
        Path vague = script("vague.sh", ANSWERS_INIT.replaceAll(",\\\\\"limits\\\\\":\\{[^}]*}", ""));
        assertThat(Files.readString(vague)).doesNotContain("limits");
        CliRun run = certify("--stdio", vague.toString(), "--stdio-timeout", "2000");
        assertThat(run.code()).as(run.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(run.err()).contains(vague.toString()).contains("limits");
    }

    @Test
    void aTimeoutBelowOneMillisecondIsAParameterError() throws IOException {
        Path device = script("device.sh", ANSWERS_INIT);
        for (String timeout : new String[] {"0", "-5"}) {
            CliRun run = certify("--stdio", device.toString(), "--stdio-timeout", timeout);
            assertThat(run.code()).as(run.all()).isEqualTo(2);
            assertThat(run.err()).contains("--stdio-timeout must be at least 1 ms: " + timeout);
        }
        CliRun word = certify("--stdio", device.toString(), "--stdio-timeout", "soon");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).contains("--stdio-timeout").contains("soon");
    }

    @Test
    void stdioAndAnotherDeviceTogetherIsAParameterError() throws IOException {
        Path device = script("device.sh", ANSWERS_INIT);
        CliRun impl = certify("--stdio", device.toString(), "--impl", "reference");
        assertThat(impl.code()).as(impl.all()).isEqualTo(2);
        assertThat(impl.err()).contains("--stdio and --impl");
        CliRun providerClass = certify("--provider-class", "com.acme.Nic", "--stdio", device.toString());
        assertThat(providerClass.code()).as(providerClass.all()).isEqualTo(2);
        assertThat(providerClass.err()).contains("--stdio and --provider-class");
    }

    @Test
    void stdioOptionsWithoutStdioAreParameterErrors() {
        String[][] cases = {{"--stdio-arg", "-v"}, {"--stdio-timeout", "100"}, {"--transcripts", dir.resolve("t").toString()}};
        for (String[] options : cases) {
            CliRun run = certify(options);
            assertThat(run.code()).as(run.all()).isEqualTo(2);
            assertThat(run.err()).contains(options[0] + " needs --stdio");
        }
    }

    @Test
    void theArgumentsReachTheDeviceAndAProfileItDoesNotClaimIsAParameterError() throws IOException {
        // answers init only when given exactly its two arguments; the unclaimed profile then stops the run before any test
        Path device = script("picky.sh", ANSWERS_INIT.replace("#!/bin/bash\n", "#!/bin/bash\n[ \"$#\" = 2 ] && [ \"$1\" = --fast ] && [ \"$2\" = 'x y' ] || exit 9\n"));
        CliRun bare = certify("--stdio", device.toString(), "--stdio-timeout", "2000");
        assertThat(bare.code()).as(bare.all()).isEqualTo(NetchannelCli.NO_PROVIDER);
        assertThat(bare.err()).contains("did not complete init");
        CliRun run = certify("--stdio", device.toString(), "--stdio-arg", "--fast", "--stdio-arg", "x y", "--profile", "qos");
        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("does not claim profile qos");
    }
}
