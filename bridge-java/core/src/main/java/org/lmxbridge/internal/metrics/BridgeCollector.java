package org.lmxbridge.internal.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.lmxbridge.BridgeVersion;

/**
 * The bridge's metrics (the contract is docs/metrics.md), built at every scrape from the registers'
 * state ({@link RegisterState}): nothing is kept here, so an idle register costs nothing between
 * scrapes. Per-register series carry {@code partner}, {@code register} and {@code shop} — labels from
 * the configuration only, never from a request. Internal.
 */
public final class BridgeCollector implements MultiCollector {
    private static final String[] REGISTER_LABELS = {"partner", "register", "shop"};
    private final Supplier<List<RegisterState>> registers;

    /** @param registers the registers to show, read at each scrape */
    public BridgeCollector(Supplier<List<RegisterState>> registers) {
        this.registers = registers;
    }

    @Override
    public MetricSnapshots collect() {
        List<RegisterState> all = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        for (RegisterState r : registers.get()) {
            // two registers of one process with the same labels (the same name on two servers) would make the
            // exposition invalid: the first one is shown
            if (seen.add(labels(r))) all.add(r);
        }
        GaugeSnapshot.Builder online = GaugeSnapshot.builder().name("lmx_bridge_register_online")
                .help("1 when the register is online, 0 when offline (processing unreachable)");
        GaugeSnapshot.Builder contact = GaugeSnapshot.builder().name("lmx_bridge_register_last_contact_timestamp_seconds")
                .help("Unix time of the last answer from processing; 0 = none since the process started");
        GaugeSnapshot.Builder items = GaugeSnapshot.builder().name("lmx_bridge_queue_items")
                .help("Items of the offline queue by state (queued, sent, retry: still to forward; dead, discrepancy: for a person)");
        GaugeSnapshot.Builder amount = GaugeSnapshot.builder().name("lmx_bridge_queue_amount_rub")
                .help("Sum of the queue items' amounts by state, rubles");
        GaugeSnapshot.Builder oldest = GaugeSnapshot.builder().name("lmx_bridge_queue_oldest_age_seconds")
                .help("Age of the oldest item still to forward (queued, sent, retry); 0 when none");
        GaugeSnapshot.Builder discrepancies = GaugeSnapshot.builder().name("lmx_bridge_discrepancies")
                .help("Replayed operations processing applied differently from what the register was told (status discrepancyCount)");
        CounterSnapshot.Builder operations = CounterSnapshot.builder().name("lmx_bridge_operations")
                .help("Calls of the register that were answered, by command and outcome (ok, queued, declined)");
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("lmx_bridge_errors")
                .help("Calls of the register that ended in an error, by kind (failed: transport, timeout, offline refusal, storage, BUSY; invalid: the request)");
        HistogramSnapshot.Builder processing = HistogramSnapshot.builder().name("lmx_bridge_processing_request_duration_seconds")
                .help("One HTTP exchange with processing, live or replayed, however it ended");
        HistogramSnapshot.Builder lane = HistogramSnapshot.builder().name("lmx_bridge_lane_wait_seconds")
                .help("Wait of a request for the register's serial lane");
        CounterSnapshot.Builder replayed = CounterSnapshot.builder().name("lmx_bridge_replayed")
                .help("Queued items settled by the replay, by result (done, discrepancy, dead)");
        boolean anyCounters = false;
        for (RegisterState r : all) {
            Labels l = labels(r);
            if (r.online() != null) { // unknown while no process runs the register: absent rather than a guess
                online.dataPoint(gauge(l, r.online() ? 1 : 0));
                contact.dataPoint(gauge(l, r.lastContactMs() / 1000.0));
            }
            if (r.items() != null) {
                for (int i = 0; i < RegisterState.STATES.size(); i++) {
                    Labels ls = l.add("state", RegisterState.STATES.get(i));
                    items.dataPoint(gauge(ls, r.items()[i]));
                    amount.dataPoint(gauge(ls, r.amount()[i].doubleValue()));
                }
                oldest.dataPoint(gauge(l, r.oldestOpenAgeSeconds()));
                discrepancies.dataPoint(gauge(l, r.items()[RegisterState.STATES.indexOf("discrepancy")]));
            }
            RegisterMetrics c = r.counters();
            if (c == null) continue;
            anyCounters = true;
            for (int cmd = 0; cmd < RegisterMetrics.COMMANDS.size(); cmd++) {
                for (Outcome o : RegisterMetrics.OUTCOMES) {
                    long n = c.operations(cmd, o);
                    // only what happened: a register that never had a command fail has no such series
                    if (n > 0) {
                        operations.dataPoint(counter(l.add("command", RegisterMetrics.COMMANDS.get(cmd)).add("outcome", o.label()), n));
                    }
                }
            }
            for (Outcome kind : RegisterMetrics.ERROR_KINDS) {
                errors.dataPoint(counter(l.add("kind", kind.label()), c.errors(kind)));
            }
            processing.dataPoint(histogram(l, c.processing()));
            lane.dataPoint(histogram(l, c.laneWait()));
            for (RegisterMetrics.Replayed x : RegisterMetrics.Replayed.values()) {
                replayed.dataPoint(counter(l.add("result", x.label()), c.replayedCount(x)));
            }
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder()
                .metricSnapshot(InfoSnapshot.builder().name("lmx_bridge_build").help("The bridge's version")
                        .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("version", BridgeVersion.VERSION)).build())
                        .build())
                .metricSnapshot(GaugeSnapshot.builder().name("lmx_bridge_registers").help("Registers open in this process")
                        .dataPoint(gauge(Labels.EMPTY, all.size())).build())
                .metricSnapshot(online.build()).metricSnapshot(contact.build()).metricSnapshot(items.build())
                .metricSnapshot(amount.build()).metricSnapshot(oldest.build()).metricSnapshot(discrepancies.build());
        if (anyCounters) {
            out.metricSnapshot(operations.build()).metricSnapshot(errors.build()).metricSnapshot(processing.build()).metricSnapshot(lane.build())
                    .metricSnapshot(replayed.build());
        }
        return out.build();
    }

    private static Labels labels(RegisterState r) {
        return Labels.of(REGISTER_LABELS, new String[] {r.partner(), r.register(), r.shop()});
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(Labels l, double v) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot counter(Labels l, double v) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot histogram(Labels l, Buckets b) {
        double[] bounds = b.bounds();
        long[] counts = b.counts();
        ClassicHistogramBuckets.Builder cb = ClassicHistogramBuckets.builder();
        for (int i = 0; i < bounds.length; i++) cb.bucket(bounds[i], counts[i]);
        cb.bucket(Double.POSITIVE_INFINITY, counts[bounds.length]);
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(l).classicHistogramBuckets(cb.build())
                .sum(b.sumSeconds()).build();
    }
}
