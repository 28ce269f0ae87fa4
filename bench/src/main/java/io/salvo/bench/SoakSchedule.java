package io.salvo.bench;

import io.salvo.bench.SoakFaults.Fault;

import java.util.ArrayList;
import java.util.List;

/**
 * When each fault runs: the run is two equal halves with the same cycle of faults, so the second
 * half's memory can be held against the first's. A half is 300 units (1 unit = 1 s in a 10-minute
 * run): 30 quiet (warm-up), 30 loss, 15 quiet, 30 reorder, 15 quiet, 30 tbf, 20 quiet, 15 link
 * down, 15 quiet, 30 MTU, 15 quiet, 20 receiver gone, 35 quiet.
 */
final class SoakSchedule {
    private static final Object[] CYCLE = {
        Fault.QUIET, 30, Fault.LOSS, 30, Fault.QUIET, 15, Fault.REORDER, 30, Fault.QUIET, 15, Fault.TBF, 30,
        Fault.QUIET, 20, Fault.LINK_DOWN, 15, Fault.QUIET, 15, Fault.MTU, 30, Fault.QUIET, 15,
        Fault.RECEIVER_GONE, 20, Fault.QUIET, 35,
    };
    private static final int UNITS = 300;

    /** One stretch of the run, in seconds from the start. */
    record Stretch(Fault fault, double from, double to) {
    }

    private final List<Stretch> stretches = new ArrayList<>();
    private final int seconds;

    /** The schedule of a {@code seconds}-long run; without faults one quiet stretch. */
    SoakSchedule(int seconds, boolean faults) {
        this.seconds = seconds;
        if (!faults) {
            stretches.add(new Stretch(Fault.QUIET, 0, seconds));
            return;
        }
        double unit = seconds / 2.0 / UNITS;
        double at = 0;
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < CYCLE.length; i += 2) {
                double length = (Integer) CYCLE[i + 1] * unit;
                stretches.add(new Stretch((Fault) CYCLE[i], at, at + length));
                at += length;
            }
        }
    }

    List<Stretch> stretches() {
        return stretches;
    }

    /** The index of the stretch running at {@code seconds} (the last one after the end). */
    int indexAt(double seconds) {
        for (int i = 0; i < stretches.size(); i++) {
            if (seconds < stretches.get(i).to()) {
                return i;
            }
        }
        return stretches.size() - 1;
    }

    /** Where the warm-up (the first quiet stretch: 5 % of the run) ends, in whole seconds. */
    int warmupEnd() {
        return (int) Math.ceil(seconds * 30.0 / 2 / UNITS);
    }
}
