package io.milvuseks.plan;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.pulumi.Context;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import io.milvuseks.config.RawConfig;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a Pulumi program against Pulumi's in-process mock engine with a stack's config, and records every resource
 * registration (type, name, parent, protect, retainOnDelete, inputs) as the engine would receive it.
 *
 * <p>This is the one place that touches {@code PulumiTestInternal}: stack config reaches the mock engine only
 * through its builder ({@code config(map, secretKeys)}), which the public {@code PulumiTest} API does not offer.
 */
public final class OfflineEngine {

    /** Protobuf signature keys of the Pulumi wire format (sdk/go/common/resource/sig). */
    private static final String SIG = "4dabf18193072939515e22adb298388d";
    private static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    private static final String RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    /** The wire format's unknown value (sdk/go/common/resource/plugin: UnknownStringValue). */
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private OfflineEngine() {
    }

    /** The outcome of one run. */
    public record Run(TestResult result, List<PlannedResource> resources, Map<String, Object> outputs,
                      boolean preview) {

        public boolean failed() {
            return !result.exceptions().isEmpty() || !result.errors().isEmpty();
        }

        public List<String> errorLines() {
            var lines = new ArrayList<String>(result.errors());
            result.exceptions().forEach(e -> lines.add(rootMessage(e)));
            return lines;
        }

        public Plan plan(String stack) {
            return new Plan(stack, preview, resources, outputs);
        }
    }

    public static Run run(RawConfig config, Consumer<Context> program) {
        return run(config, new PlaceholderMocks(config.get("aws:region").orElse(null)), false, program);
    }

    /**
     * The program as a first {@code pulumi preview} of an empty stack sees it: everything the cloud computes is
     * unknown ({@link Placeholders#COMPUTED}), see {@link PreviewMocks}.
     */
    public static Run preview(RawConfig config, Consumer<Context> program) {
        return run(config, new PreviewMocks(config.get("aws:region").orElse(null)), true, program);
    }

    public static Run run(RawConfig config, Mocks mocks, Consumer<Context> program) {
        return run(config, mocks, false, program);
    }

    private static Run run(RawConfig config, Mocks mocks, boolean preview, Consumer<Context> program) {
        var recorded = Collections.synchronizedList(new ArrayList<RegisterResourceRequest>());
        var quiet = Logger.getLogger("milvus-eks.offline-engine");
        quiet.setUseParentHandlers(false);
        quiet.setLevel(Level.OFF);
        var test = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName(config.project()).stackName(config.stack())
                        .preview(preview).build())
                .mocks(mocks)
                .standardLogger(quiet)
                .config(config.values(), config.secretKeys())
                .monitorDecorator(original -> new RecordingMonitor(mocks, recorded))
                .build();
        try {
            var result = test.runTest(program);
            var resources = new ArrayList<PlannedResource>();
            synchronized (recorded) {
                for (var req : recorded) {
                    if (req.getType().equals("pulumi:pulumi:Stack")) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    var inputs = (Map<String, Object>) plain(Value.newBuilder()
                            .setStructValue(req.getObject()).build());
                    resources.add(new PlannedResource(req.getType(), req.getName(), parentName(req.getParent()),
                            req.getCustom(), req.getProtect(), req.getRetainOnDelete(),
                            names(req.getDependenciesList()), propertyDependencies(req),
                            providerName(req.getProvider()), inputs, List.copyOf(req.getIgnoreChangesList())));
                }
            }
            return new Run(result, resources, outputs(result), preview);
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static Map<String, Object> outputs(TestResult result) {
        var out = new TreeMap<String, Object>();
        if (!result.exceptions().isEmpty()) {
            return out;
        }
        result.outputs().forEach((name, output) -> {
            var data = PulumiTestInternal.extractOutputData(output);
            Object value;
            if (data.isSecret()) {
                value = io.milvuseks.plan.Placeholders.SECRET;
            } else if (!data.isKnown()) {
                value = io.milvuseks.plan.Placeholders.COMPUTED;
            } else {
                value = data.getValueNullable();
            }
            out.put(name, value);
        });
        return out;
    }

    static String parentName(String parentUrn) {
        if (parentUrn == null || parentUrn.isEmpty() || parentUrn.contains("::pulumi:pulumi:Stack::")) {
            return null;
        }
        return parentUrn.substring(parentUrn.lastIndexOf("::") + 2);
    }

    /** The resource names of URNs, sorted and without repeats. */
    static List<String> names(List<String> urns) {
        return urns.stream().map(OfflineEngine::urnName).distinct().sorted().toList();
    }

    private static Map<String, List<String>> propertyDependencies(RegisterResourceRequest req) {
        var out = new TreeMap<String, List<String>>();
        req.getPropertyDependenciesMap().forEach((key, deps) -> {
            if (deps.getUrnsCount() > 0) {
                out.put(key, names(deps.getUrnsList()));
            }
        });
        return out;
    }

    /**
     * The provider resource's name from a provider reference ({@code URN::ID}), or null when the request names
     * none (the engine then uses its default provider for the package; the SDK registers no default providers).
     */
    static String providerName(String reference) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        var urn = reference.substring(0, reference.lastIndexOf("::"));
        var name = urnName(urn);
        // the engine's own default providers are named default or default_<version>
        return urn.contains("::pulumi:providers:") && name.matches("default(_.*)?") ? null : name;
    }

    private static String urnName(String urn) {
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    /** Converts a wire value to plain Java, hiding secrets and marking unknowns. */
    static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> v.getBoolValue();
            case NUMBER_VALUE -> number(v.getNumberValue());
            case STRING_VALUE -> UNKNOWN.equals(v.getStringValue()) ? Placeholders.COMPUTED : v.getStringValue();
            case LIST_VALUE -> list(v.getListValue());
            case STRUCT_VALUE -> struct(v.getStructValue());
        };
    }

    private static Object number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return (long) d;
        }
        return d;
    }

    private static List<Object> list(ListValue lv) {
        var out = new ArrayList<Object>();
        lv.getValuesList().forEach(item -> out.add(plain(item)));
        return out;
    }

    private static Object struct(Struct s) {
        var fields = s.getFieldsMap();
        if (fields.containsKey(SIG)) {
            var sig = fields.get(SIG).getStringValue();
            if (SECRET_SIG.equals(sig)) {
                return Placeholders.SECRET;
            }
            if (RESOURCE_REF_SIG.equals(sig)) {
                var id = fields.get("id");
                return id != null && !id.getStringValue().isEmpty() ? id.getStringValue()
                        : fields.get("urn").getStringValue();
            }
        }
        var out = new LinkedHashMap<String, Object>();
        new TreeMap<>(fields).forEach((k, val) -> out.put(k, plain(val)));
        return out;
    }

    static String rootMessage(Throwable t) {
        var root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The engine's own mock monitor, keeping a copy of each registration request. */
    private static final class RecordingMonitor extends MockMonitor {
        private final List<RegisterResourceRequest> recorded;

        RecordingMonitor(Mocks mocks, List<RegisterResourceRequest> recorded) {
            super(mocks, PulumiTestInternal.mockLog());
            this.recorded = recorded;
        }

        @Override
        public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                                 RegisterResourceRequest request) {
            recorded.add(request);
            return super.registerResourceAsync(resource, request);
        }
    }
}
