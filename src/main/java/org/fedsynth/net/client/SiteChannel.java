package org.fedsynth.net.client;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.fedsynth.config.ConfigException;
import org.fedsynth.net.proto.FederationGrpc;

/**
 * A site's connection to the server: the gRPC channel (TLS with an optional client certificate for
 * mutual TLS, or plaintext on loopback) and the generated {@code Federation} stubs carrying the
 * site's bearer token, if it has one. Bad credential files are {@link ConfigException}s naming the
 * flag and the file.
 */
public final class SiteChannel {

    private final ManagedChannel channel;
    private final FederationGrpc.FederationBlockingStub blocking;
    private final FederationGrpc.FederationStub async;

    private SiteChannel(ManagedChannel channel, String token) {
        this.channel = channel;
        FederationGrpc.FederationBlockingStub b = FederationGrpc.newBlockingStub(channel);
        FederationGrpc.FederationStub a = FederationGrpc.newStub(channel);
        if (token != null) {
            CallCredentials bearer = bearer(token);
            b = b.withCallCredentials(bearer);
            a = a.withCallCredentials(bearer);
        }
        this.blocking = b;
        this.async = a;
    }

    /** Opens the channel {@code opt} describes (nothing is sent until the first call). */
    static SiteChannel open(SiteClient.Options opt) throws SSLException {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(opt.host(), opt.port()).maxInboundMessageSize(8 << 20);
        if (opt.plaintext()) {
            b.usePlaintext();
        } else {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK);
            if (opt.tlsCa() != null) {
                ssl.trustManager(requireFile(opt.tlsCa(), "--tls-ca").toFile());
            }
            if (opt.clientCert() != null) {
                if (opt.clientKey() == null) {
                    throw new ConfigException("--tls-cert needs --tls-key (the client's private key, PKCS#8 PEM)");
                }
                try {
                    ssl.keyManager(requireFile(opt.clientCert(), "--tls-cert").toFile(), requireFile(opt.clientKey(), "--tls-key").toFile());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--tls-cert/--tls-key: cannot load " + opt.clientCert() + " / " + opt.clientKey()
                            + ": " + e.getMessage());
                }
            }
            b.sslContext(ssl.build());
        }
        return new SiteChannel(b.build(), opt.token());
    }

    /** The blocking stub ({@code Hello}, {@code GetTask}, {@code Status}). */
    FederationGrpc.FederationBlockingStub blocking() {
        return blocking;
    }

    /** The asynchronous stub ({@code SubmitUpdate}, a client stream). */
    FederationGrpc.FederationStub async() {
        return async;
    }

    /** Reads a token file, with clear errors. */
    public static String readToken(Path file) {
        try {
            String t = Files.readString(file).trim();
            if (t.isEmpty()) {
                throw new ConfigException("--token-file " + file + " is empty (fedsynth certs writes one token per client)");
            }
            return t;
        } catch (NoSuchFileException e) {
            throw new ConfigException("--token-file " + file + " not found (fedsynth certs --out DIR writes DIR/<client>.token)");
        } catch (IOException e) {
            throw new ConfigException("--token-file " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static Path requireFile(Path p, String flag) {
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(flag + " " + p + " not found");
        }
        return p;
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }

    /** Shuts the channel down (waits up to 2 s). */
    void shutdown() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(2, TimeUnit.SECONDS);
    }
}
