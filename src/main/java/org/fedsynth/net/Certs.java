package org.fedsynth.net;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedsynth.net.server.Credentials;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth certs}: a test certificate authority and what a federation on it needs (EC
 * P-256, SHA-256, made with BouncyCastle): {@code ca.pem}/{@code ca.key}; {@code server.pem}/{@code
 * server.key} valid for the given host names and addresses (localhost and 127.0.0.1 by default);
 * per client {@code ID.pem}/{@code ID.key} (CN = ID, for mutual TLS) and a random bearer token
 * {@code ID.token}; and {@code clients.yaml}, the server's client list with each token's SHA-256.
 * Keys and tokens are written owner-readable only. For tests and trials, not for production PKI.
 */
public final class Certs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certs() {}

    /** What was written. */
    public record Written(Path dir, List<Path> files) {}

    /** Writes everything into {@code out}; refuses to overwrite an existing CA. */
    public static Written make(Path out, List<String> clients, List<String> hosts, int days) throws IOException {
        if (Files.exists(out.resolve("ca.pem"))) {
            throw new IOException(out.resolve("ca.pem") + " already exists; choose another --out (certificates are never overwritten)");
        }
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        try {
            KeyPair ca = keyPair();
            X500Name caName = new X500Name("CN=FedSynth test CA");
            X509Certificate caCert = sign(caName, ca, caName, ca.getPublic(), days, true, null, null);
            files.add(writePem(out.resolve("ca.pem"), caCert, false));
            files.add(writePem(out.resolve("ca.key"), ca.getPrivate(), true));

            KeyPair server = keyPair();
            List<GeneralName> names = new ArrayList<>();
            for (String h : hosts) {
                names.add(h.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
            }
            X509Certificate serverCert = sign(caName, ca, new X500Name("CN=" + hosts.get(0)), server.getPublic(), days, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)), KeyPurposeId.id_kp_serverAuth);
            files.add(writePem(out.resolve("server.pem"), serverCert, false));
            files.add(writePem(out.resolve("server.key"), server.getPrivate(), true));

            StringBuilder yaml = new StringBuilder("# the server's client list: server.clients_file: clients.yaml\nclients:\n");
            for (String id : clients) {
                KeyPair k = keyPair();
                X509Certificate c = sign(caName, ca, new X500Name("CN=" + id), k.getPublic(), days, false, null,
                        KeyPurposeId.id_kp_clientAuth);
                files.add(writePem(out.resolve(id + ".pem"), c, false));
                files.add(writePem(out.resolve(id + ".key"), k.getPrivate(), true));
                byte[] raw = new byte[32];
                RANDOM.nextBytes(raw);
                String token = HexFormat.of().formatHex(raw);
                Path tf = out.resolve(id + ".token");
                writeSecret(tf, token);
                files.add(tf);
                yaml.append("  - {id: ").append(id).append(", token_sha256: ").append(Credentials.sha256(token))
                        .append(", revoked: false}\n");
            }
            Path cy = out.resolve("clients.yaml");
            AtomicFiles.writeString(cy, yaml.toString());
            files.add(cy);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make certificates: " + e.getMessage(), e);
        }
        return new Written(out, files);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject, java.security.PublicKey key,
            int days, boolean ca, GeneralNames san, KeyPurposeId purpose)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(days))), subject, key);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static Path writePem(Path file, Object o, boolean secret) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        }
        if (secret) {
            writeSecret(file, sw.toString());
        } else {
            AtomicFiles.writeString(file, sw.toString());
        }
        return file;
    }

    private static void writeSecret(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
