package io.milvuseks.config;

import java.util.BitSet;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes CronJob schedule (five numeric fields, or one of the @-macros Kubernetes accepts), and how often it
 * fires on average: that interval is the recovery point the backups give.
 */
public record CronSchedule(String expression, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean domStar, boolean dowStar) {

    public static final String ACCEPTED = "a cron expression of five numeric fields (minute hour day-of-month month "
            + "day-of-week; *, a-b, */n, lists), e.g. \"0 2 * * *\", or @hourly, @daily, @weekly, @monthly";
    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final double DAYS_PER_MONTH = 365.25 / 12;

    /** The schedule, or empty when it is not one Kubernetes would run. */
    public static Optional<CronSchedule> parse(String expression) {
        var text = MACROS.getOrDefault(expression.trim(), expression.trim());
        var f = text.split("\\s+");
        if (f.length != 5) {
            return Optional.empty();
        }
        var min = field(f[0], 0, 59);
        var hour = field(f[1], 0, 23);
        var dom = field(f[2], 1, 31);
        var month = field(f[3], 1, 12);
        var dow = field(f[4], 0, 7);
        if (min == null || hour == null || dom == null || month == null || dow == null) {
            return Optional.empty();
        }
        if (dow.get(7)) { // 7 and 0 are both Sunday
            dow.clear(7);
            dow.set(0);
        }
        return Optional.of(new CronSchedule(expression.trim(), min, hour, dom, month, dow, f[2].equals("*"),
                f[4].equals("*")));
    }

    /**
     * Runs per day, averaged over a year. Cron ORs day-of-month and day-of-week when both are restricted.
     */
    public double runsPerDay() {
        double dayShare;
        if (domStar && dowStar) {
            dayShare = 1;
        } else if (domStar) {
            dayShare = daysOfWeek.cardinality() / 7.0;
        } else if (dowStar) {
            dayShare = Math.min(1, daysOfMonth.cardinality() / DAYS_PER_MONTH);
        } else {
            dayShare = Math.min(1, daysOfMonth.cardinality() / DAYS_PER_MONTH + daysOfWeek.cardinality() / 7.0);
        }
        return minutes.cardinality() * hours.cardinality() * dayShare * months.cardinality() / 12.0;
    }

    /** Mean hours between runs: the data a restore can lose, on average at most this much. */
    public double intervalHours() {
        return 24 / runsPerDay();
    }

    /** One field's values, or null when it is malformed or out of {@code min..max}. */
    static BitSet field(String text, int min, int max) {
        var set = new BitSet(max + 1);
        for (var part : text.split(",", -1)) {
            var stepSplit = part.split("/", -1);
            if (stepSplit.length > 2) {
                return null;
            }
            int step = 1;
            if (stepSplit.length == 2) {
                step = number(stepSplit[1]);
                if (step < 1) {
                    return null;
                }
            }
            int lo;
            int hi;
            var range = stepSplit[0];
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                var ends = range.split("-", -1);
                if (ends.length != 2) {
                    return null;
                }
                lo = number(ends[0]);
                hi = number(ends[1]);
            } else {
                lo = number(range);
                hi = stepSplit.length == 2 ? max : lo;
            }
            if (lo < min || hi > max || lo > hi) {
                return null;
            }
            for (int v = lo; v <= hi; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
