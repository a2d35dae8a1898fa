package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.RelocationState;
import io.netchannel.api.RelocationState.Completions;
import io.netchannel.api.RelocationState.Credit;
import io.netchannel.api.RelocationState.Ring;
import io.netchannel.api.RelocationState.Runtime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the chapter 12 tests share: export and import calls, and relocation states written by hand. */
final class Documents {

    private Documents() {
    }

    /** ExportContext by the host, which must be answered Exported. */
    static RelocationState export(NetchannelDevice device, int context) {
        ControlResult result = device.control(Caller.HOST, new ControlRequest.ExportContext(context));
        assertThat(result).as("ExportContext(%d)", context).isInstanceOf(ControlResult.Exported.class);
        return ((ControlResult.Exported) result).state();
    }

    /** ImportContext by the host. */
    static ControlResult importInto(NetchannelDevice device, int context, RelocationState state) {
        return device.control(Caller.HOST, new ControlRequest.ImportContext(context, state));
    }

    /** Every per-context counter at 0. */
    static Map<Counter, Long> zeros() {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, 0L);
        }
        return counters;
    }

    /** An ACTIVE runtime of an unlimited context with no filter rules, both rings at {@code at}, nothing pending, counters 0. */
    static Runtime settled(int at) {
        return new Runtime(ContextState.ACTIVE, Ring.at(at), Ring.at(at), Optional.empty(), Completions.settledAt(at),
                Completions.settledAt(at), zeros(), List.of(0L));
    }

    static Runtime withState(Runtime r, ContextState state) {
        return new Runtime(state, r.tx(), r.rx(), r.credit(), r.txCompletions(), r.rxCompletions(), r.counters(), r.filterHits());
    }

    static Runtime withTx(Runtime r, Ring tx) {
        return new Runtime(r.state(), tx, r.rx(), r.credit(), r.txCompletions(), r.rxCompletions(), r.counters(), r.filterHits());
    }

    static Runtime withRx(Runtime r, Ring rx) {
        return new Runtime(r.state(), r.tx(), rx, r.credit(), r.txCompletions(), r.rxCompletions(), r.counters(), r.filterHits());
    }

    static Runtime withCredit(Runtime r, Optional<Credit> credit) {
        return new Runtime(r.state(), r.tx(), r.rx(), credit, r.txCompletions(), r.rxCompletions(), r.counters(), r.filterHits());
    }

    static Runtime withTxCompletions(Runtime r, Completions completions) {
        return new Runtime(r.state(), r.tx(), r.rx(), r.credit(), completions, r.rxCompletions(), r.counters(), r.filterHits());
    }

    static Runtime withRxCompletions(Runtime r, Completions completions) {
        return new Runtime(r.state(), r.tx(), r.rx(), r.credit(), r.txCompletions(), completions, r.counters(), r.filterHits());
    }

    static Runtime withCounters(Runtime r, Map<Counter, Long> counters) {
        return new Runtime(r.state(), r.tx(), r.rx(), r.credit(), r.txCompletions(), r.rxCompletions(), counters, r.filterHits());
    }

    static Runtime withFilterHits(Runtime r, List<Long> hits) {
        return new Runtime(r.state(), r.tx(), r.rx(), r.credit(), r.txCompletions(), r.rxCompletions(), r.counters(), hits);
    }

    static RelocationState withRuntime(RelocationState s, Runtime runtime) {
        return new RelocationState(s.host(), s.guest(), runtime);
    }
}
