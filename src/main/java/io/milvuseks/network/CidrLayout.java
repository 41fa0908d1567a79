package io.milvuseks.network;

import io.milvuseks.config.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the subnets of a VPC go, one private and one public subnet per zone.
 *
 * <p>The VPC is cut into eighths. Eighths 0..3 are private subnets (one per zone, up to {@link #MAX_ZONES}): with the
 * VPC CNI every pod takes a VPC address, so the private side gets the bulk (a /16 gives /19s, 8,190 addresses per
 * zone). Eighth 4 is cut into eight public subnets ({@code prefix + 6}: /22 in a /16), which only hold NAT gateways
 * and load balancers. Eighths 5..7 stay free for growth (another subnet tier, a secondary range for pods). A zone's
 * subnets never depend on how many zones there are, so adding a zone later never renumbers an existing subnet.
 */
public record CidrLayout(Cidr vpc, List<Cidr> privateSubnets, List<Cidr> publicSubnets) {

    /** Slots reserved for private subnets (and public ones): a fourth zone fits without moving anything. */
    public static final int MAX_ZONES = 4;
    /** AWS refuses subnets smaller than /28. */
    static final int SMALLEST_SUBNET = 28;
    static final int PRIVATE_EXTRA_BITS = 3;
    static final int PUBLIC_EXTRA_BITS = 6;
    static final int PUBLIC_EIGHTH = 4;

    public CidrLayout {
        privateSubnets = List.copyOf(privateSubnets);
        publicSubnets = List.copyOf(publicSubnets);
    }

    /** The layout for {@code zones} zones; the VPC prefix may be at most /22 (public subnets stay /28 or larger). */
    public static CidrLayout of(Cidr vpc, int zones) {
        if (zones < 1 || zones > MAX_ZONES) {
            throw new IllegalArgumentException("zones must be 1.." + MAX_ZONES + ", got " + zones);
        }
        if (vpc.prefix() + PUBLIC_EXTRA_BITS > SMALLEST_SUBNET) {
            throw new IllegalArgumentException("VPC " + vpc + " is too small: at most /"
                    + (SMALLEST_SUBNET - PUBLIC_EXTRA_BITS) + " leaves room for /28 public subnets");
        }
        var eighth = subBlocks(vpc, PRIVATE_EXTRA_BITS);
        var privates = new ArrayList<Cidr>();
        var publics = new ArrayList<Cidr>();
        var publicBlocks = subBlocks(eighth.get(PUBLIC_EIGHTH), PUBLIC_EXTRA_BITS - PRIVATE_EXTRA_BITS);
        for (int i = 0; i < zones; i++) {
            privates.add(eighth.get(i));
            publics.add(publicBlocks.get(i));
        }
        return new CidrLayout(vpc, privates, publics);
    }

    /** The 2^bits equal blocks of {@code block}, in address order. */
    static List<Cidr> subBlocks(Cidr block, int bits) {
        int prefix = block.prefix() + bits;
        long size = 1L << (32 - prefix);
        var out = new ArrayList<Cidr>();
        for (long i = 0; i < (1L << bits); i++) {
            out.add(new Cidr(block.base() + i * size, prefix));
        }
        return out;
    }

    public int zones() {
        return privateSubnets.size();
    }

    public List<Cidr> all() {
        var out = new ArrayList<Cidr>(privateSubnets);
        out.addAll(publicSubnets);
        return out;
    }

    /** Addresses of the VPC no subnet uses. */
    public long freeAddresses() {
        return vpc.size() - all().stream().mapToLong(Cidr::size).sum();
    }
}
