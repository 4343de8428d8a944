package io.kumo.nats.ssl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;

import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link SSLContext} of a connection from a Spring SSL bundle or from its PEM root
 * certificates and client certificate and key, with Spring Boot's SSL support, and turns
 * host-name verification on.
 */
public final class NatsSslContextFactory {

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	/**
	 * Creates a factory that reads PEM files through the given loader.
	 * @param resourceLoader the loader of certificate and key locations
	 * @param sslBundles the SSL bundles that settings may name, or {@code null} if there are none
	 */
	public NatsSslContextFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
	}

	/**
	 * Creates the context for settings that {@linkplain NatsConnectionSettings#usesTls() use TLS}.
	 * Without a {@code certificate}, the JVM's trusted roots apply.
	 * @param settings the connection settings
	 * @return a context whose sockets verify the server's host name
	 * @throws InvalidNatsSettingException when a file is missing or cannot be read as PEM
	 */
	public SSLContext create(NatsConnectionSettings settings) {
		if (settings.sslBundle() != null) {
			return EndpointIdentifyingSslContext.wrap(bundle(settings.sslBundle()).createSslContext());
		}
		PemSslStoreDetails trust = (settings.certificate() != null)
				? PemSslStoreDetails.forCertificates(read("certificate", settings.certificate())) : null;
		PemSslStoreDetails key = (settings.clientCert() != null)
				? PemSslStoreDetails.forCertificates(read("client-cert", settings.clientCert()))
					.withPrivateKey(read("client-key", settings.clientKey()))
				: null;
		return EndpointIdentifyingSslContext.wrap(create(key, trust));
	}

	private SslBundle bundle(String name) {
		if (this.sslBundles == null) {
			throw new InvalidNatsSettingException("ssl.bundle",
					"names SSL bundle '" + name + "' but no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidNatsSettingException("ssl.bundle", "there is no SSL bundle named '" + name
					+ "'; define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name, ex);
		}
	}

	private SSLContext create(@Nullable PemSslStoreDetails key, @Nullable PemSslStoreDetails trust) {
		try {
			return SslBundle.of(new PemSslStoreBundle(key, trust)).createSslContext();
		}
		catch (RuntimeException ex) {
			String setting = (key != null) ? "client-cert" : "certificate";
			throw new InvalidNatsSettingException(setting,
					"could not be read as PEM certificates and keys (PKCS#8, PKCS#1 or SEC1 keys are supported)", ex);
		}
	}

	private String read(String key, @Nullable String location) {
		Resource resource = this.resourceLoader.getResource(String.valueOf(location));
		if (!resource.exists()) {
			throw new InvalidNatsSettingException(key, "file '" + location
					+ "' does not exist; expected the path or classpath: location of a PEM file");
		}
		try {
			return resource.getContentAsString(StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new InvalidNatsSettingException(key, "file '" + location + "' could not be read", ex);
		}
	}

}
