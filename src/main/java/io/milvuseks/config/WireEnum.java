package io.milvuseks.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum written in stack files by a fixed lower-case or upper-case name. */
public interface WireEnum {

    String wire();

    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(value)).findFirst();
    }

    static <E extends Enum<E> & WireEnum> String accepted(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(" | "));
    }
}
