package io.milvuseks.plan;

import java.util.Map;

/**
 * One resource the program registered, as a reviewer sees it.
 *
 * @param parent the parent resource's name, or null for top-level resources
 * @param inputs plain JSON-like values (maps, lists, strings, numbers, booleans); secrets are {@code "[secret]"}
 *               and values only known after deployment are {@code "[computed]"}
 */
public record PlannedResource(String type, String name, String parent, boolean custom, boolean protect,
                              boolean retainOnDelete, Map<String, Object> inputs) {
}
