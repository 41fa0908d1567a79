package io.milvuseks.preflight;

/**
 * One check's verdict, printed as one line: {@code <status> <check>: <detail>}; a problem's detail ends with its fix.
 */
public record CheckResult(String check, Status status, String detail) {

    public static CheckResult ok(String check, String detail) {
        return new CheckResult(check, Status.OK, detail);
    }

    public static CheckResult problem(String check, String detail, String fix) {
        return new CheckResult(check, Status.PROBLEM, detail + "; fix: " + fix);
    }

    public static CheckResult unverifiable(String check, String detail) {
        return new CheckResult(check, Status.UNVERIFIABLE, detail);
    }

    public String line() {
        return String.format("%-12s %s: %s", status.word(), check, detail.replace('\n', ' '));
    }
}
