package io.milvuseks.kube.netpol;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * metav1.LabelSelector and NetworkPolicy ipBlock matching, as the API defines them (apimachinery
 * labels.Selector: matchLabels and every matchExpressions requirement must hold; an empty selector matches
 * everything; NotIn and DoesNotExist hold for a missing key).
 */
final class LabelSelectors {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LabelSelectors() {
    }

    /** {@code selector} is a LabelSelector object ({@code {}} matches all); null is not a selector here. */
    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        var matchLabels = Obj.map(selector, "matchLabels");
        if (matchLabels != null) {
            for (var e : matchLabels.entrySet()) {
                if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (var o : Obj.list(selector, "matchExpressions")) {
            var key = Obj.str(o, "key");
            var op = Obj.str(o, "operator");
            var values = Obj.list(o, "values").stream().map(String::valueOf).toList();
            if (key == null || op == null) {
                throw new IllegalArgumentException("matchExpressions entry without key or operator: " + o);
            }
            boolean has = labels.containsKey(key);
            boolean ok = switch (op) {
                case "In" -> nonEmpty(values, o) && has && values.contains(labels.get(key));
                case "NotIn" -> nonEmpty(values, o) && (!has || !values.contains(labels.get(key)));
                case "Exists" -> noValues(values, o) && has;
                case "DoesNotExist" -> noValues(values, o) && !has;
                default -> throw new IllegalArgumentException("unknown selector operator '" + op + "' in " + o);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // apimachinery rejects these at validation; an object that reached a snapshot cannot have them
    private static boolean nonEmpty(List<String> values, Object o) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("In/NotIn needs values: " + o);
        }
        return true;
    }

    private static boolean noValues(List<String> values, Object o) {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("Exists/DoesNotExist takes no values: " + o);
        }
        return true;
    }

    /** ipBlock: {@code ip} is in {@code cidr} and in none of {@code except}. */
    static boolean inBlock(Map<String, Object> ipBlock, String ip) {
        if (ip == null) {
            return false;
        }
        var cidr = Obj.str(ipBlock, "cidr");
        if (cidr == null) {
            throw new IllegalArgumentException("ipBlock without cidr: " + ipBlock);
        }
        if (!inCidr(cidr, ip)) {
            return false;
        }
        return Obj.list(ipBlock, "except").stream().noneMatch(x -> inCidr(String.valueOf(x), ip));
    }

    static boolean inCidr(String cidr, String ip) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        byte[] net = literal(cidr.substring(0, slash));
        byte[] addr = literal(ip);
        if (net.length != addr.length) {
            return false; // IPv4 address, IPv6 block or the reverse
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int bits = net.length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("bad prefix in " + cidr);
        }
        var mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
    }

    /** An address literal only: never a name lookup. */
    private static byte[] literal(String ip) {
        boolean v4 = IPV4.matcher(ip).matches();
        if (v4 && java.util.Arrays.stream(ip.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)
                || !v4 && !ip.matches("[0-9A-Fa-f:.]+") || !v4 && !ip.contains(":")) {
            throw new IllegalArgumentException("not an IP address literal: " + ip);
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + ip, e);
        }
    }
}
