package io.milvuseks.cluster;

import io.milvuseks.config.ConfigProblem;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.testing.Stacks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The problems a stack file with some keys replaced (null removes one) is refused with. */
final class ConfigErrors {

    private ConfigErrors() {
    }

    static Map<String, String> with(Object... keysAndValues) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (String) keysAndValues[i + 1]);
        }
        return map;
    }

    static List<ConfigProblem> problems(String stack, Map<String, String> overrides) {
        assertThatThrownBy(() -> Stacks.settings(stack, overrides)).isInstanceOf(InvalidConfigException.class);
        return catchThrowableOfType(() -> Stacks.settings(stack, overrides), InvalidConfigException.class).problems();
    }
}
