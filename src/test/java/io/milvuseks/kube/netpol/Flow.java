package io.milvuseks.kube.netpol;

import io.milvuseks.kube.netpol.NetworkPolicyEvaluator.Port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection the stack needs (ALLOW) or must not have (DENY): from an end, to an end, on a port.
 *
 * @param optional why the flow may find no pod in a cluster (a workload that exists only on demand), or empty: then
 *                 an end that matches no pod fails the flow, so a wrong label never passes vacuously
 */
public record Flow(String name, End from, End to, Ports port, Expect expect, Optional<String> optional) {

    public enum Expect { ALLOW, DENY }

    public Flow {
        Objects.requireNonNull(name, "name");
        if (from instanceof End.Address && to instanceof End.Address) {
            throw new IllegalArgumentException(name + ": one end must be a pod");
        }
        if (to instanceof End.Kubelet || to instanceof End.PortForward) {
            throw new IllegalArgumentException(name + ": the kubelet and port-forward are sources only");
        }
        if (port instanceof Ports.Probed && !(from instanceof End.Kubelet)) {
            throw new IllegalArgumentException(name + ": probed ports are the kubelet's");
        }
    }

    public static Flow allow(String name, End from, End to, Ports port) {
        return new Flow(name, from, to, port, Expect.ALLOW, Optional.empty());
    }

    public static Flow deny(String name, End from, End to, Ports port) {
        return new Flow(name, from, to, port, Expect.DENY, Optional.empty());
    }

    public Flow optionalBecause(String why) {
        return new Flow(name, from, to, port, expect, Optional.of(why));
    }

    /** An end of a flow. */
    public sealed interface End {
        /** The pods of {@code namespace} whose labels include {@code labels}: they must exist in the snapshot. */
        record Pods(String what, String namespace, Map<String, String> labels) implements End {
            @Override
            public String toString() {
                return what + " (" + namespace + " " + labels + ")";
            }
        }

        /**
         * A pod anyone allowed to create pods in {@code namespace} could run, with these labels (for flows that must
         * be denied from other namespaces); only the namespace must exist.
         */
        record AnyPod(String what, String namespace, Map<String, String> labels) implements End {
            @Override
            public String toString() {
                return what + " (any pod in " + namespace + ")";
            }
        }

        /** The destination's node: the kubelet's probes. Source only. */
        record Kubelet() implements End {
            @Override
            public String toString() {
                return "kubelet (the pod's node)";
            }
        }

        /** kubectl port-forward (the stack's bootstrap and verify). Source only. */
        record PortForward() implements End {
            @Override
            public String toString() {
                return "kubectl port-forward";
            }
        }

        /** An address outside the pod network. */
        record Address(String what, String ip) implements End {
            @Override
            public String toString() {
                return what + " (" + ip + ")";
            }
        }
    }

    /** The destination port(s) of a flow. */
    public sealed interface Ports {
        record Fixed(Port port) implements Ports {
            @Override
            public String toString() {
                return port.toString();
            }
        }

        /** Every port a destination pod's liveness/readiness/startup probes reach over the network. */
        record Probed() implements Ports {
            @Override
            public String toString() {
                return "probed ports";
            }
        }

        static Ports tcp(int number) {
            return new Fixed(Port.tcp(number));
        }

        static Ports named(String name) {
            return new Fixed(Port.named(name));
        }
    }
}
