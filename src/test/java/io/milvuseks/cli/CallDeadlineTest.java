package io.milvuseks.cli;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that accepts TCP connections and never answers (a hung proxy: etcd full, coordinator failover): bootstrap
 * and verify must give up within their bounds, with one clear line and a non-zero exit, instead of blocking.
 */
class CallDeadlineTest {

    /** Accepts every connection on loopback and holds it open without ever writing a byte. */
    static final class SilentServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> held = new ArrayList<>();
        final Thread acceptor;

        SilentServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        var s = socket.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            synchronized (held) {
                return held.size();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (var s : held) {
                    s.close();
                }
            }
        }
    }

    private static BootstrapCommandTest.Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new BootstrapCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void bootstrapGivesUpOnAServerThatNeverAnswers() throws Exception {
        try (var server = new SilentServer()) {
            long start = System.nanoTime();
            var r = run("bootstrap", "--stack", "staging", "--dir", Stacks.PROJECT_DIR.toString(),
                    "--uri", "http://127.0.0.1:" + server.port(), "--wait-seconds", "3",
                    "--call-deadline-seconds", "2");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(server.accepted()).as("the client reached the server").isPositive();
            assertThat(r.exit()).as(r.err()).isEqualTo(Cli.FAILED);
            // connect attempts of 5 s each within a 3 s wait budget, plus one last attempt: well under 30 s
            assertThat(seconds).isLessThan(30);
            var errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).startsWith("error: bootstrap: connecting to http://127.0.0.1:" + server.port())
                    .contains("gave up after");
        }
    }

    /**
     * A gRPC Milvus that answers the handshake (Connect, GetVersion) and then never answers anything else: the hang
     * the issue names (a call stuck behind a full etcd or a coordinator failover). Before per-call deadlines
     * ({@code rpcDeadlineMs(0)}) bootstrap blocked here forever.
     */
    static io.milvus.shaded.io.grpc.Server hangingMilvus() throws IOException {
        var service = new io.milvus.grpc.MilvusServiceGrpc.MilvusServiceImplBase() {
            @Override
            public void connect(io.milvus.grpc.ConnectRequest request,
                                io.milvus.shaded.io.grpc.stub.StreamObserver<io.milvus.grpc.ConnectResponse> out) {
                out.onNext(io.milvus.grpc.ConnectResponse.newBuilder().setIdentifier(1).build());
                out.onCompleted();
            }

            @Override
            public void getVersion(io.milvus.grpc.GetVersionRequest request,
                                   io.milvus.shaded.io.grpc.stub.StreamObserver<io.milvus.grpc.GetVersionResponse> out) {
                out.onNext(io.milvus.grpc.GetVersionResponse.newBuilder().setVersion("v2.6.15").build());
                out.onCompleted();
            }
        };
        io.milvus.shaded.io.grpc.ServerInterceptor hang = new io.milvus.shaded.io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.milvus.shaded.io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.milvus.shaded.io.grpc.ServerCall<Q, R> call, io.milvus.shaded.io.grpc.Metadata headers,
                    io.milvus.shaded.io.grpc.ServerCallHandler<Q, R> next) {
                var name = call.getMethodDescriptor().getBareMethodName();
                if ("Connect".equals(name) || "GetVersion".equals(name)) {
                    return next.startCall(call, headers);
                }
                return new io.milvus.shaded.io.grpc.ServerCall.Listener<>() { }; // accepted, never answered
            }
        };
        return io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
                .forAddress(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(io.milvus.shaded.io.grpc.ServerInterceptors.intercept(service, hang))
                .build().start();
    }

    @Test
    @org.junit.jupiter.api.Timeout(90)
    void aCallThatNeverReturnsEndsAtItsDeadline() throws Exception {
        var server = hangingMilvus();
        try {
            long start = System.nanoTime();
            var r = run("bootstrap", "--stack", "staging", "--dir", Stacks.PROJECT_DIR.toString(),
                    "--uri", "http://127.0.0.1:" + server.getPort(), "--wait-seconds", "5",
                    "--call-deadline-seconds", "2");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.exit()).as(r.err()).isEqualTo(Cli.FAILED);
            // one 2 s call, retried at most 3 times within 4 deadlines (8 s): far from forever
            assertThat(seconds).isLessThan(20);
            var errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).singleElement().asString().startsWith("error: bootstrap: ")
                    .containsIgnoringCase("deadline");
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void verifyGivesUpOnAServerThatNeverAnswers() throws Exception {
        try (var server = new SilentServer()) {
            long start = System.nanoTime();
            var r = run("verify", "--uri", "http://127.0.0.1:" + server.port(), "--wait-seconds", "2",
                    "--call-deadline-seconds", "1");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
            assertThat(r.exit()).as(r.err()).isEqualTo(Cli.FAILED);
            assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement()
                    .asString().startsWith("error: verify: connecting to");
        }
    }
}
