package io.milvuseks.upgrade;

import io.milvuseks.config.ConfigProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The changes Milvus cannot survive, checked before any resource: each refusal is one line naming the documented
 * path. Pure: the previous state comes in as {@link PreviousOutputs}, the new one as {@link Desired}.
 */
public final class UpgradeRules {

    /** Milvus 2.6 upgrade docs: a 2.5 cluster goes to 2.6 only from 2.5.16 or later, with mixCoord enabled. */
    static final MilvusVersion FIRST_2_5_TO_2_6 = new MilvusVersion(2, 5, 16);

    private UpgradeRules() {
    }

    /** The rule outcome: problems refuse the apply; notes say what could not be checked (printed, not fatal). */
    public record Verdict(List<ConfigProblem> problems, List<String> notes) {
    }

    /** A chart/image pair that does not belong together (no previous state needed). */
    public static List<ConfigProblem> pair(Desired d) {
        var chart = MilvusVersion.parse(d.milvusChartVersion());
        var image = MilvusVersion.parse(d.milvusImageTag());
        if (chart.isEmpty() || image.isEmpty()) {
            return List.of(); // the format itself is already reported by the parser
        }
        var ships = ChartImageTable.milvusOf(chart.get());
        if (ships.isEmpty()) {
            return List.of(new ConfigProblem(key(d, "milvusChartVersion"), "chart " + chart.get()
                    + " is not in the chart/image table (upgrade.ChartImageTable, from milvus-helm's Chart.yaml); "
                    + "accepted: a chart from " + ChartImageTable.knownRange() + " (add a released chart's row)"));
        }
        if (!ships.get().equals(image.get())) {
            return List.of(new ConfigProblem(key(d, "milvusImageTag"), d.milvusImageTag() + " does not belong to chart "
                    + chart.get() + ", which ships Milvus " + ships.get().tag() + "; accepted: " + ships.get().tag()
                    + " with chart " + chart.get() + ", or chart " + ChartImageTable.describe(image.get())
                    + " for " + image.get().tag()));
        }
        return List.of();
    }

    /** Every rule against the stack's last outputs. */
    public static Verdict check(PreviousOutputs prev, Desired d) {
        var problems = new ArrayList<ConfigProblem>();
        var notes = new ArrayList<String>();
        if (prev.environment().isPresent() && !prev.environment().get().equals(d.environment())) {
            // another stack's outputs would check the wrong history: a wrong file is refused, never a pass
            problems.add(new ConfigProblem(key(d, "environment"), "the previous outputs " + prev.source()
                    + " are of a " + prev.environment().get() + " stack, this one is " + d.environment()
                    + "; accepted: this stack's own 'pulumi stack output --json'"));
            return new Verdict(problems, notes);
        }
        queue(prev, d).ifPresent(problems::add);
        if (!prev.runsMilvus()) {
            notes.add("upgrade check: " + prev.source() + " shows no Milvus release yet; only the chart/image pair "
                    + "is checked");
            return new Verdict(problems, notes);
        }
        var prevImage = prev.milvusImageTag().flatMap(MilvusVersion::parse)
                .or(() -> prev.milvusChartVersion().flatMap(MilvusVersion::parse).flatMap(ChartImageTable::milvusOf));
        var newImage = MilvusVersion.parse(d.milvusImageTag());
        if (prevImage.isEmpty()) {
            notes.add("upgrade check: " + prev.source() + " has no milvusImageTag or known milvusChartVersion "
                    + "(last applied before they were exported); the Milvus version path was not checked");
        } else if (newImage.isPresent()) {
            release(prevImage.get(), newImage.get(), key(d, "milvusImageTag")).ifPresent(problems::add);
        }
        var prevChart = prev.milvusChartVersion().flatMap(MilvusVersion::parse);
        var newChart = MilvusVersion.parse(d.milvusChartVersion());
        // one line per refusal: a chart rollback with its image already refused is the same mistake
        boolean imageRefused = problems.stream().anyMatch(p -> p.key().endsWith(":milvusImageTag"));
        if (!imageRefused && prevChart.isPresent() && newChart.isPresent() && newChart.get().compareTo(prevChart.get()) < 0) {
            problems.add(new ConfigProblem(key(d, "milvusChartVersion"), "chart " + newChart.get()
                    + " is older than the running chart " + prevChart.get() + "; a chart is never rolled back on "
                    + "live data (Milvus does not support downgrades); accepted: " + prevChart.get() + " or newer"));
        }
        if (problems.isEmpty() && prevImage.isPresent()) {
            notes.add("upgrade check: " + prev.source() + ": Milvus " + prevImage.get().tag() + " -> "
                    + d.milvusImageTag() + ", chart " + prev.milvusChartVersion().orElse("?") + " -> "
                    + d.milvusChartVersion() + ", messageQueue " + prev.messageQueue().orElse("?") + " -> "
                    + d.messageQueue() + ": on the documented path");
        }
        return new Verdict(problems, notes);
    }

    /** messageQueue cannot change under a running Milvus (Milvus 2.6 docs; milvus #47806). */
    static Optional<ConfigProblem> queue(PreviousOutputs prev, Desired d) {
        if (!prev.runsMilvus() || prev.messageQueue().isEmpty() || prev.messageQueue().get().equals(d.messageQueue())) {
            return Optional.empty();
        }
        var was = prev.messageQueue().get();
        return Optional.of(new ConfigProblem(key(d, "messageQueue"), "the running Milvus writes its log to " + was
                + "; the message queue cannot be switched on a live cluster (Milvus 2.6 docs, milvus #47806); "
                + "accepted: " + was + ", or a new stack with " + d.messageQueue() + " restored from a milvus-backup"));
    }

    /** One step of a Milvus release path: forward only, one minor at a time, 2.5 → 2.6 from 2.5.16. */
    static Optional<ConfigProblem> release(MilvusVersion from, MilvusVersion to, String key) {
        String why;
        String accepted;
        if (to.compareTo(from) < 0) {
            why = "is a downgrade from the running " + from.tag() + "; Milvus does not support downgrades";
            accepted = from.tag() + " or newer";
        } else if (to.major() != from.major()) {
            why = "is a major upgrade from " + from.tag() + " with no documented path here";
            accepted = "a v" + from.major() + ".x release";
        } else if (to.minor() > from.minor() + 1) {
            why = "skips a minor from " + from.tag() + "; Milvus upgrades one minor at a time";
            accepted = "the latest v" + from.major() + "." + (from.minor() + 1) + ".x first, then " + to.tag();
        } else if (from.sameMinor(new MilvusVersion(2, 5, 0)) && to.minor() == 6
                && from.compareTo(FIRST_2_5_TO_2_6) < 0) {
            why = "goes from " + from.tag() + " to 2.6, which the Milvus 2.6 upgrade docs allow only from "
                    + FIRST_2_5_TO_2_6.tag() + " or newer with mixCoord";
            accepted = FIRST_2_5_TO_2_6.tag() + " (chart " + ChartImageTable.describe(FIRST_2_5_TO_2_6)
                    + ") first, then " + to.tag();
        } else {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(key, to.tag() + " " + why + "; accepted: " + accepted));
    }

    private static String key(Desired d, String key) {
        return d.project() + ":" + key;
    }
}
