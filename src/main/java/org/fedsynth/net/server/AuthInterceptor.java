package org.fedsynth.net.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authenticates every call before it reaches the service: by bearer token ({@code authorization:
 * Bearer TOKEN} metadata) and/or by the client certificate's CN under mutual TLS. Both, when
 * present, must name the same known client. Unknown and revoked clients are refused with
 * UNAUTHENTICATED / PERMISSION_DENIED and a message saying why; the identity is bound to the call
 * in {@link #CLIENT} so the service can refuse messages that claim another identity.
 */
public final class AuthInterceptor implements ServerInterceptor {

    /** The authenticated client of the current call. */
    public static final Context.Key<Credentials.Known> CLIENT = Context.key("fedsynth-client");
    /** The metadata key of the bearer token. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Credentials credentials;
    private final Consumer<String> refusals;

    /** Checks against {@code credentials}; each refusal is reported to {@code refusals}. */
    public AuthInterceptor(Credentials credentials, Consumer<String> refusals) {
        this.credentials = credentials;
        this.refusals = refusals;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String peer = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Credentials.Known byToken = null;
        String auth = headers.get(AUTHORIZATION);
        if (auth != null) {
            if (!auth.startsWith("Bearer ")) {
                return refuse(call, Status.UNAUTHENTICATED, "malformed authorization header from " + peer + " (expected 'Bearer TOKEN')");
            }
            byToken = credentials.byToken(auth.substring(7).trim());
            if (byToken == null) {
                return refuse(call, Status.UNAUTHENTICATED, "unknown token from " + peer
                        + " (no client in the server's clients list has this token's SHA-256)");
            }
        }
        Credentials.Known byCert = null;
        String cn = certificateCn(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (cn != null) {
            byCert = credentials.byId(cn);
            if (byCert == null) {
                return refuse(call, Status.UNAUTHENTICATED, "client certificate CN=" + cn + " from " + peer + " is not a known client");
            }
        }
        if (byToken == null && byCert == null) {
            return refuse(call, Status.UNAUTHENTICATED, "no credentials from " + peer
                    + " (send a token with --token-file, or a client certificate under mutual TLS)");
        }
        if (byToken != null && byCert != null && !byToken.id().equals(byCert.id())) {
            return refuse(call, Status.PERMISSION_DENIED, "token of " + byToken.id() + " presented with the certificate of "
                    + byCert.id() + " from " + peer);
        }
        Credentials.Known who = byToken != null ? byToken : byCert;
        if (who.revoked()) {
            return refuse(call, Status.PERMISSION_DENIED, "client " + who.id() + " is revoked");
        }
        return Contexts.interceptCall(Context.current().withValue(CLIENT, who), call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String why) {
        refusals.accept("refused " + call.getMethodDescriptor().getBareMethodName() + ": " + why);
        call.close(status.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {};
    }

    /** The CN of the verified peer certificate, or {@code null} without one. */
    static String certificateCn(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
                return null;
            }
            for (Rdn rdn : new LdapName(x.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
    }
}
