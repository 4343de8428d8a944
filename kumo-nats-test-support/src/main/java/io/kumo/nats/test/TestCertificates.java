package io.kumo.nats.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with server and client certificates in PEM, PKCS12 and JKS, so TLS tests need nothing committed
 * and nothing that expires.
 * <p>
 * Generated with {@code openssl}; key stores are written with the JDK {@link KeyStore} API. All stores use the
 * password {@value #PASSWORD}.
 */
public final class TestCertificates {

	/**
	 * The password of every generated key store and key entry.
	 */
	public static final String PASSWORD = "changeit";

	private static final int VALIDITY_DAYS = 30;

	private static final long OPENSSL_TIMEOUT_SECONDS = 60;

	private static final String OPENSSL_CONFIG = String.join("\n", "[req]", "distinguished_name = dn",
			"prompt = no", "[dn]", "CN = kumo-nats-test", "[ca_ext]", "basicConstraints = critical, CA:TRUE",
			"keyUsage = critical, keyCertSign, cRLSign", "subjectKeyIdentifier = hash", "[server_ext]",
			"basicConstraints = critical, CA:FALSE", "keyUsage = critical, digitalSignature, keyEncipherment",
			"extendedKeyUsage = serverAuth", "subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost",
			"authorityKeyIdentifier = keyid", "[mismatched_ext]", "basicConstraints = critical, CA:FALSE",
			"keyUsage = critical, digitalSignature, keyEncipherment", "extendedKeyUsage = serverAuth",
			"subjectAltName = DNS:wrong-name.invalid", "authorityKeyIdentifier = keyid", "[client_ext]",
			"basicConstraints = critical, CA:FALSE", "keyUsage = critical, digitalSignature, keyEncipherment",
			"extendedKeyUsage = clientAuth", "authorityKeyIdentifier = keyid", "[ec_client_ext]",
			"basicConstraints = critical, CA:FALSE", "keyUsage = critical, digitalSignature",
			"extendedKeyUsage = clientAuth", "authorityKeyIdentifier = keyid", "");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static volatile TestCertificates shared;

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Generates a complete set of certificates into {@code directory}.
	 * @param directory an existing, writable directory
	 * @return the generated certificates
	 */
	public static TestCertificates generate(Path directory) {
		TestCertificates certificates = new TestCertificates(directory.toAbsolutePath());
		try {
			certificates.generate();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot generate test certificates in " + directory, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate test key stores in " + directory, ex);
		}
		return certificates;
	}

	/**
	 * One set of certificates per JVM, generated on first use into a temporary directory deleted at exit, because
	 * generation costs a second or two.
	 * @return the shared certificates
	 */
	public static TestCertificates shared() {
		TestCertificates result = shared;
		if (result == null) {
			synchronized (TestCertificates.class) {
				result = shared;
				if (result == null) {
					try {
						Path directory = Files.createTempDirectory("kumo-nats-certs-");
						Processes.registerDirectory(directory);
						result = generate(directory);
						shared = result;
					}
					catch (IOException ex) {
						throw new UncheckedIOException("Cannot create a directory for test certificates", ex);
					}
				}
			}
		}
		return result;
	}

	private void generate() throws IOException, GeneralSecurityException {
		Path config = this.directory.resolve("openssl.cnf");
		Files.writeString(config, OPENSSL_CONFIG, StandardCharsets.UTF_8);
		selfSigned(config, caKey(), caCert(), "Kumo NATS Test CA");
		selfSigned(config, otherCaKey(), otherCaCert(), "Kumo NATS Unrelated CA");
		rsaLeaf(config, serverKey(), serverCert(), "localhost", "server_ext");
		rsaLeaf(config, mismatchedServerKey(), mismatchedServerCert(), "wrong-name.invalid", "mismatched_ext");
		rsaLeaf(config, clientKey(), clientCert(), "kumo-nats-test-client", "client_ext");
		openssl("rsa", "-in", clientKey(), "-traditional", "-out", clientKeyPkcs1());
		openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecClientKey());
		Path ecRequest = file("ec-client.csr");
		openssl("req", "-new", "-config", config, "-key", ecClientKey(), "-subj", "/CN=kumo-nats-test-ec-client",
				"-out", ecRequest);
		sign(config, ecRequest, ecClientCert(), "ec_client_ext");
		writeStores();
	}

	private void selfSigned(Path config, Path key, Path certificate, String commonName) throws IOException {
		openssl("req", "-x509", "-config", config, "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
				certificate, "-days", VALIDITY_DAYS, "-subj", "/CN=" + commonName, "-extensions", "ca_ext",
				"-sha256");
	}

	private void rsaLeaf(Path config, Path key, Path certificate, String commonName, String extensions)
			throws IOException {
		Path request = file(certificate.getFileName() + ".csr");
		openssl("req", "-new", "-config", config, "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-subj",
				"/CN=" + commonName, "-out", request);
		sign(config, request, certificate, extensions);
	}

	private void sign(Path config, Path request, Path certificate, String extensions) throws IOException {
		openssl("x509", "-req", "-in", request, "-CA", caCert(), "-CAkey", caKey(), "-set_serial",
				"0x" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE), "-days", VALIDITY_DAYS, "-sha256",
				"-extfile", config, "-extensions", extensions, "-out", certificate);
		Files.delete(request);
	}

	private void openssl(Object... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add("openssl");
		for (Object argument : arguments) {
			command.add(argument.toString());
		}
		Path output = file("openssl.log");
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("openssl timed out: " + command);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running " + command, ex);
		}
		if (process.exitValue() != 0) {
			throw new IOException("openssl failed (" + process.exitValue() + "): " + command + "\n"
					+ Files.readString(output, StandardCharsets.UTF_8));
		}
	}

	private void writeStores() throws IOException, GeneralSecurityException {
		X509Certificate ca = readCertificate(caCert());
		X509Certificate client = readCertificate(clientCert());
		PrivateKey clientPrivateKey = KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(pemBody(clientKey(), "PRIVATE KEY")));
		for (String type : List.of("PKCS12", "JKS")) {
			KeyStore trustStore = KeyStore.getInstance(type);
			trustStore.load(null, null);
			trustStore.setCertificateEntry("kumo-nats-test-ca", ca);
			store(trustStore, "PKCS12".equals(type) ? truststoreP12() : truststoreJks());
			KeyStore keyStore = KeyStore.getInstance(type);
			keyStore.load(null, null);
			keyStore.setKeyEntry("kumo-nats-test-client", clientPrivateKey, PASSWORD.toCharArray(),
					new Certificate[] { client, ca });
			store(keyStore, "PKCS12".equals(type) ? clientKeystoreP12() : clientKeystoreJks());
		}
		KeyStore otherTrustStore = KeyStore.getInstance("PKCS12");
		otherTrustStore.load(null, null);
		otherTrustStore.setCertificateEntry("kumo-nats-unrelated-ca", readCertificate(otherCaCert()));
		store(otherTrustStore, otherCaTruststoreP12());
	}

	private static void store(KeyStore keyStore, Path path) throws IOException, GeneralSecurityException {
		try (OutputStream out = Files.newOutputStream(path)) {
			keyStore.store(out, PASSWORD.toCharArray());
		}
	}

	private static X509Certificate readCertificate(Path path) throws IOException, GeneralSecurityException {
		try (InputStream in = Files.newInputStream(path)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static byte[] pemBody(Path path, String label) throws IOException {
		String pem = Files.readString(path, StandardCharsets.US_ASCII);
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int start = pem.indexOf(begin);
		int stop = pem.indexOf(end);
		if (start < 0 || stop < 0) {
			throw new IOException(path + " has no " + label + " block");
		}
		return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
	}

	/**
	 * A client {@link SSLContext} (protocol {@code TLS}) that trusts the test CA and presents no certificate.
	 * @return a new SSL context
	 */
	public SSLContext clientSslContext() {
		return sslContext(truststoreP12(), null);
	}

	/**
	 * A client {@link SSLContext} (protocol {@code TLS}) that trusts the test CA and presents the client certificate.
	 * @return a new SSL context
	 */
	public SSLContext clientSslContextWithCertificate() {
		return sslContext(truststoreP12(), clientKeystoreP12());
	}

	/**
	 * Builds an {@link SSLContext} from PKCS12 stores written by this class.
	 * @param trustStore the PKCS12 trust store
	 * @param keyStore the PKCS12 key store, or {@code null} for no client certificate
	 * @return a new SSL context
	 */
	public static SSLContext sslContext(Path trustStore, Path keyStore) {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(loadPkcs12(trustStore));
			KeyManagerFactory keys = null;
			if (keyStore != null) {
				keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(loadPkcs12(keyStore), PASSWORD.toCharArray());
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read key stores", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build an SSLContext", ex);
		}
	}

	private static KeyStore loadPkcs12(Path path) throws IOException, GeneralSecurityException {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			keyStore.load(in, PASSWORD.toCharArray());
		}
		return keyStore;
	}

	private Path file(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * The folder holding every generated file.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * The test CA certificate (PEM) that signed every server and client certificate.
	 * @return the CA certificate
	 */
	public Path caCert() {
		return file("ca.pem");
	}

	/**
	 * The test CA key (PKCS#8 PEM).
	 * @return the CA key
	 */
	public Path caKey() {
		return file("ca-key.pem");
	}

	/**
	 * The server certificate (PEM) for IP 127.0.0.1, IP ::1 and DNS localhost.
	 * @return the server certificate
	 */
	public Path serverCert() {
		return file("server.pem");
	}

	/**
	 * The server key (PKCS#8 PEM).
	 * @return the server key
	 */
	public Path serverKey() {
		return file("server-key.pem");
	}

	/**
	 * A server certificate (PEM) from the same CA valid only for {@code wrong-name.invalid}.
	 * @return the mismatched server certificate
	 */
	public Path mismatchedServerCert() {
		return file("mismatched-server.pem");
	}

	/**
	 * The key of the mismatched server certificate (PKCS#8 PEM).
	 * @return the mismatched server key
	 */
	public Path mismatchedServerKey() {
		return file("mismatched-server-key.pem");
	}

	/**
	 * The RSA client certificate (PEM).
	 * @return the client certificate
	 */
	public Path clientCert() {
		return file("client.pem");
	}

	/**
	 * The RSA client key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
	 * @return the client key
	 */
	public Path clientKey() {
		return file("client-key.pem");
	}

	/**
	 * The same RSA client key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}).
	 * @return the PKCS#1 client key
	 */
	public Path clientKeyPkcs1() {
		return file("client-key-pkcs1.pem");
	}

	/**
	 * An EC (P-256) client certificate (PEM).
	 * @return the EC client certificate
	 */
	public Path ecClientCert() {
		return file("ec-client.pem");
	}

	/**
	 * The EC client key as SEC1 PEM ({@code BEGIN EC PRIVATE KEY}).
	 * @return the EC client key
	 */
	public Path ecClientKey() {
		return file("ec-client-key.pem");
	}

	/**
	 * An unrelated CA certificate (PEM), for "wrong CA" tests.
	 * @return the other CA certificate
	 */
	public Path otherCaCert() {
		return file("other-ca.pem");
	}

	/**
	 * The unrelated CA's key (PKCS#8 PEM).
	 * @return the other CA key
	 */
	public Path otherCaKey() {
		return file("other-ca-key.pem");
	}

	/**
	 * A PKCS12 trust store holding only the test CA.
	 * @return the PKCS12 trust store
	 */
	public Path truststoreP12() {
		return file("truststore.p12");
	}

	/**
	 * A PKCS12 trust store holding only the unrelated CA, for "wrong CA" tests.
	 * @return the PKCS12 trust store of the other CA
	 */
	public Path otherCaTruststoreP12() {
		return file("other-ca-truststore.p12");
	}

	/**
	 * A PKCS12 key store with the RSA client key and its chain.
	 * @return the PKCS12 client key store
	 */
	public Path clientKeystoreP12() {
		return file("client-keystore.p12");
	}

	/**
	 * A JKS trust store holding only the test CA.
	 * @return the JKS trust store
	 */
	public Path truststoreJks() {
		return file("truststore.jks");
	}

	/**
	 * A JKS key store with the RSA client key and its chain.
	 * @return the JKS client key store
	 */
	public Path clientKeystoreJks() {
		return file("client-keystore.jks");
	}

}
