package io.milvuseks.collection;

import java.util.Locale;

/** Turns client and gRPC exceptions into one line that names the cause; never a stack trace. */
public final class MilvusErrors {

    public enum Kind { UNREACHABLE, AUTH_REFUSED, UNIMPLEMENTED, UNSUPPORTED_INDEX, OTHER }

    private MilvusErrors() {
    }

    public static Kind kind(Throwable t) {
        var text = chainText(t).toLowerCase(Locale.ROOT);
        if (text.contains("unimplemented")) {
            return Kind.UNIMPLEMENTED;
        }
        if (text.contains("unauthenticated") || text.contains("auth") && (text.contains("fail") || text.contains("denied"))
                || text.contains("permission_denied") || text.contains("incorrect username or password")) {
            return Kind.AUTH_REFUSED;
        }
        if (text.contains("unavailable") || text.contains("deadline_exceeded") || text.contains("connection refused")
                || text.contains("unknownhost") || text.contains("io exception")) {
            return Kind.UNREACHABLE;
        }
        if (text.contains("unknown enum value") || text.contains("invalid index type")
                || text.contains("index type not supported") || text.contains("not supported index")) {
            return Kind.UNSUPPORTED_INDEX;
        }
        return Kind.OTHER;
    }

    /** "what was being done: why", on one line. */
    public static String describe(String action, Throwable t) {
        var detail = detail(t);
        return switch (kind(t)) {
            case UNREACHABLE -> action + ": Milvus unreachable (" + detail + ")";
            case AUTH_REFUSED -> action + ": authentication refused (check the token / root password; " + detail + ")";
            case UNIMPLEMENTED -> action + ": this server does not implement the call (" + detail + ")";
            case UNSUPPORTED_INDEX -> action + ": index type not supported by this server (" + detail + ")";
            case OTHER -> action + ": " + detail;
        };
    }

    /** The innermost useful message, shortened, with the client's boilerplate and shaded package names removed. */
    static String detail(Throwable t) {
        Throwable best = t;
        for (var c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c;
            }
        }
        var msg = best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        msg = msg.replace("Encounter rpc error that cannot be retried, reason: ", "")
                .replaceAll("io\\.milvus\\.shaded\\.", "")
                .replaceAll("(io\\.grpc|java\\.lang)\\.[A-Za-z]+: ", "")
                .replaceAll("\\s+", " ")
                .trim();
        // gRPC appends its channel state in brackets: noise for the operator.
        msg = msg.replaceAll("\\s*\\[(closed|open|remote_addr|buffered_nanos)=.*$", "");
        return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
    }

    /** Outermost and innermost messages, for libraries (the Kubernetes client) whose outer message says what. */
    public static String outerAndRoot(Throwable t) {
        var outer = String.valueOf(t.getMessage()).replaceAll("\\s+", " ").trim();
        var root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var rootText = root == t ? "" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ").trim());
        var line = rootText.isEmpty() ? outer : outer + " (" + rootText + ")";
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static String chainText(Throwable t) {
        var sb = new StringBuilder();
        for (var c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(' ').append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
