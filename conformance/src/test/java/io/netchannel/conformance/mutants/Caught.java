package io.netchannel.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs one property on a mutant through the jqwik engine and asserts it fails naming its rule. */
final class Caught {

    /** Tries per mutant run: plenty for every mutant here, bounded so the suite stays fast. */
    private static final String TRIES = "300";

    private Caught() {
    }

    /** The failure messages, for callers that check more of them. */
    static List<String> assertCaught(Class<?> onMutant, String property, String rule) {
        EngineExecutionResults results = EngineTestKit.engine("jqwik")
                .selectors(DiscoverySelectors.selectMethod(onMutant, find(onMutant, property)))
                .configurationParameter("jqwik.tries.default", TRIES)
                .configurationParameter("jqwik.shrinking.default", "OFF")
                .configurationParameter("jqwik.database", "target/jqwik-mutants-database")
                .execute();
        List<Event> started = results.testEvents().started().list();
        assertThat(started).as("%s.%s was discovered and started", onMutant.getSimpleName(), property).isNotEmpty();
        List<String> messages = results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .map(thrown -> thrown.map(Caught::messageOf).orElse(""))
                .toList();
        assertThat(messages).as("the mutant behind %s survived %s: the property passed", onMutant.getSimpleName(), property).isNotEmpty();
        assertThat(messages).as("a failure of %s on %s names %s", property, onMutant.getSimpleName(), rule)
                .anyMatch(message -> message.contains(rule));
        return messages;
    }

    static String messageOf(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(Optional.ofNullable(t.getMessage()).orElse(t.toString())).append('\n');
        }
        return text.toString();
    }

    private static Method find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name)) {
                    return method;
                }
            }
        }
        throw new IllegalArgumentException("no property " + name + " in " + type.getName());
    }
}
