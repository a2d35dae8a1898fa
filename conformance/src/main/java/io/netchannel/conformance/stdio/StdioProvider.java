package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.conformance.harness.AuditedGuestMemory;
import io.netchannel.conformance.harness.GuestAtCallBoundaries;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provider named {@code stdio} (spec 13): every {@link #create} starts the vendor's
 * executable as a fresh process behind a {@link StdioDevice}. A probe process answers {@code init}
 * once at construction, so the profiles and limits are known before the first test; it then
 * serves as the first device. The next process is always started ahead, in the background, so
 * a test does not wait for a process start.
 *
 * <p>The contract has no close: a device the harness forgets is ended when it is collected, when
 * the thread that created it has ended (the vector runner's thread ends with its vector), when
 * more than {@value #MAX_LIVE} devices created by one thread are alive (that thread's oldest
 * first), by {@link #close()}, or when the JVM exits. Never because of another thread: jqwik goes
 * on shrinking a failed property on a pool thread while the next test runs, and a device one
 * thread still uses must not be ended by another thread's create.
 *
 * <p>Its devices see the guest only at call boundaries ({@link GuestAtCallBoundaries}): the
 * process reads the memory file during the call, the bridge replays the accesses afterwards.
 */
public final class StdioProvider implements DeviceProvider, AutoCloseable, GuestAtCallBoundaries {

    /** The provider's name. */
    public static final String NAME = "stdio";
    /** The per-call limit unless told otherwise (spec 13, section 3). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Device processes one thread may have alive at once through one provider before its oldest is shut down. */
    public static final int MAX_LIVE = 8;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Set<DeviceProcess> ALL = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(DeviceProcess::kill), "stdio-devices-kill"));
    }

    private final List<String> command;
    private final long timeoutNanos;
    private final Path transcripts;
    private final String identity;
    private final Set<Profile> profiles;
    private final DeviceLimits limits;
    private final Deque<Live> live = new ArrayDeque<>();
    private final AtomicLong sessions = new AtomicLong();
    private CompletableFuture<DeviceProcess> spare;

    /** The executable {@code command} (path and arguments), the default 5 s limit, no transcripts. */
    public StdioProvider(List<String> command) {
        this(command, DEFAULT_TIMEOUT, null);
    }

    /**
     * @param command the executable and its arguments
     * @param timeout the per-call limit (init gets three times as much)
     * @param transcripts folder for one {@code .jsonl} transcript per device session, or null
     * @throws IllegalArgumentException when the executable cannot be started or its {@code init}
     *     fails, naming why
     */
    public StdioProvider(List<String> command, Duration timeout, Path transcripts) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("the stdio provider needs an executable: command=" + command);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the per-call limit must be positive: timeout=" + timeout);
        }
        this.command = List.copyOf(command);
        this.timeoutNanos = timeout.toNanos();
        this.transcripts = transcripts;
        DeviceProcess probe = spawn();
        JsonNode init = probe.init();
        if (init == null) {
            probe.kill();
            throw new IllegalArgumentException("the device " + this.command + " did not complete init: " + probe.failure().getMessage());
        }
        try {
            this.profiles = profiles(init.path("profiles"));
            this.limits = limits(init.path("limits"));
        } catch (RuntimeException e) {
            probe.kill();
            throw new IllegalArgumentException("the device " + this.command + " answered init with " + e.getMessage() + ": " + init, e);
        }
        this.identity = init.path("vendor").asText("?") + " " + init.path("product").asText("?") + " " + init.path("version").asText("?")
                + " (stdio: " + String.join(" ", this.command) + ")";
        this.spare = CompletableFuture.completedFuture(probe);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Set<Profile> profiles() {
        return profiles;
    }

    @Override
    public DeviceLimits limits() {
        return limits;
    }

    /** The executable and its arguments. */
    public List<String> command() {
        return command;
    }

    @Override
    public synchronized NetchannelDevice create(DeviceEnvironment environment) {
        if (!(environment.memory() instanceof AuditedGuestMemory audited)) {
            throw new IllegalArgumentException("a bridged device needs the harness's AuditedGuestMemory, not " + environment.memory().getClass().getName());
        }
        DeviceProcess process = spare.join();
        spare = CompletableFuture.supplyAsync(this::spawn, runnable -> {
            Thread thread = new Thread(runnable, "stdio-device-start");
            thread.setDaemon(true);
            thread.start();
        });
        String thread = Thread.currentThread().getName();
        long session = sessions.incrementAndGet();
        process.transcript().bind(thread.startsWith("vector ") ? thread.substring("vector ".length()) : String.format("session-%05d", session));
        Thread owner = Thread.currentThread();
        live.addLast(new Live(process, owner));
        int mine = 0;
        for (Iterator<Live> newest = live.descendingIterator(); newest.hasNext();) {
            Live next = newest.next();
            boolean forgotten = !next.owner().isAlive() || (next.owner() == owner && ++mine > MAX_LIVE);
            if (forgotten) {
                newest.remove();
                next.process().shutdown();
                ALL.remove(next.process());
            }
        }
        StdioDevice device = new StdioDevice(process, audited, environment.sink());
        CLEANER.register(device, () -> {
            process.kill();
            ALL.remove(process);
        });
        return device;
    }

    /** Shuts down every device process of this provider and the one started ahead. */
    @Override
    public synchronized void close() {
        for (Live device : live) {
            device.process().shutdown();
            ALL.remove(device.process());
        }
        live.clear();
        spare.thenAccept(process -> {
            process.kill();
            ALL.remove(process);
        });
    }

    /** A device process and the thread that created its device. */
    private record Live(DeviceProcess process, Thread owner) {
    }

    private DeviceProcess spawn() {
        DeviceProcess process = DeviceProcess.start(command, null, transcripts, timeoutNanos);
        ALL.add(process);
        return process;
    }

    /** The profiles {@code init_ok} lists, core, and adapter: a device the bridge runs is bound by spec 13. */
    private static Set<Profile> profiles(JsonNode list) {
        Set<Profile> claimed = EnumSet.of(Profile.CORE, Profile.ADAPTER);
        if (!list.isArray()) {
            throw new IllegalArgumentException("profiles must be a list of profile ids");
        }
        for (JsonNode id : list) {
            claimed.add(Profile.fromId(id.asText()));
        }
        return Collections.unmodifiableSet(claimed);
    }

    private static DeviceLimits limits(JsonNode limits) {
        if (!limits.isObject()) {
            throw new IllegalArgumentException("limits must be an object of the DeviceLimits fields");
        }
        int groups = required(limits, "maxMulticastGroups");
        return new DeviceLimits(required(limits, "maxContexts"), required(limits, "maxMacsPerContext"), groups, required(limits, "maxContextId"),
                limits.path("maxVlansPerContext").asInt(DeviceLimits.CORE_VLANS_PER_CONTEXT),
                limits.path("maxFilterRules").asInt(DeviceLimits.CORE_FILTER_RULES), limits.path("exactMulticastGroups").asInt(groups));
    }

    private static int required(JsonNode limits, String field) {
        JsonNode value = Objects.requireNonNull(limits.get(field), () -> "limits." + field + " is required");
        if (!value.canConvertToInt()) {
            throw new IllegalArgumentException("limits." + field + " must be an integer: " + value);
        }
        return value.asInt();
    }
}
