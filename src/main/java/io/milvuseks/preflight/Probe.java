package io.milvuseks.preflight;

/** What an AWS call gave: an answer, or the reason it gave none (refused, absent, unreachable). */
public sealed interface Probe<T> {

    record Answer<T>(T value) implements Probe<T> {
    }

    record Refused<T>(String why) implements Probe<T> {
    }

    static <T> Probe<T> answer(T value) {
        return new Answer<>(value);
    }

    static <T> Probe<T> refused(String why) {
        return new Refused<>(why);
    }
}
