package io.milvuseks.testing;

import io.milvus.shaded.io.grpc.BindableService;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A test's fake Milvus: its gRPC service on a free loopback port, and the real milvus-sdk-java client connected to it,
 * so a test sees the requests as a Milvus server receives them.
 */
public final class FakeMilvusServer implements AutoCloseable {

    private final Server server;
    private final MilvusClientV2 client;

    private FakeMilvusServer(Server server) {
        this.server = server;
        this.client = new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + server.getPort())
                .rpcDeadlineMs(10_000).build());
    }

    public static FakeMilvusServer serving(BindableService service) throws IOException {
        return new FakeMilvusServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(service).build().start());
    }

    public MilvusClientV2 client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
