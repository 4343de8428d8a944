package io.kumo.nats.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsAuth;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.Encoding;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Applies a connection's authentication to the jnats options, reading nkey seeds and credentials
 * from their locations when they are not given as values. jnats escapes a user name and password
 * for the JSON of its CONNECT line but writes a token as it is given, so the token is handed over
 * escaped.
 */
final class NatsAuthentication {

	private static final Pattern NKEY_SEED = Pattern.compile("S[A-Z2-7]{57}");

	private static final String CREDENTIALS_JWT = "-----BEGIN NATS USER JWT-----";

	private static final String CREDENTIALS_SEED = "-----BEGIN USER NKEY SEED-----";

	private final ResourceLoader resourceLoader;

	NatsAuthentication(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	void apply(NatsAuth auth, Options.Builder builder) {
		if (auth instanceof NatsAuth.UserPassword login) {
			builder.userInfo(login.username().toCharArray(), login.password().toCharArray());
		}
		else if (auth instanceof NatsAuth.Token token) {
			builder.token(Encoding.jsonEncode(token.token()).toCharArray());
		}
		else if (auth instanceof NatsAuth.NKey nkey) {
			builder.authHandler(new NKeyAuthHandler(seed(nkey.seed())));
		}
		else if (auth instanceof NatsAuth.Credentials credentials) {
			builder.authHandler(Nats.staticCredentials(credentials(credentials.credentials())));
		}
	}

	private NKey seed(String seedOrLocation) {
		String seed = NKEY_SEED.matcher(seedOrLocation).matches() ? seedOrLocation
				: read("auth.nkey", seedOrLocation).strip();
		if (!NKEY_SEED.matcher(seed).matches()) {
			throw new InvalidNatsSettingException("auth.nkey",
					"must be an nkey seed (S followed by 57 base32 characters) or the location of a file holding one");
		}
		return NKey.fromSeed(seed.toCharArray());
	}

	private byte[] credentials(String contentOrLocation) {
		String content = contentOrLocation.contains(CREDENTIALS_JWT) ? contentOrLocation
				: read("auth.credentials", contentOrLocation);
		if (!content.contains(CREDENTIALS_JWT) || !content.contains(CREDENTIALS_SEED)) {
			throw new InvalidNatsSettingException("auth.credentials",
					"must be the contents or the location of a NATS credentials (.creds) file with a user JWT and an nkey seed");
		}
		return content.getBytes(StandardCharsets.UTF_8);
	}

	private String read(String key, String location) {
		Resource resource = this.resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw new InvalidNatsSettingException(key, "is neither a valid value nor the location of an existing file");
		}
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new InvalidNatsSettingException(key, "names a file that could not be read", ex);
		}
	}

	/**
	 * Signs the server's nonce with an nkey, for nkey authentication without a JWT.
	 */
	private static final class NKeyAuthHandler implements AuthHandler {

		private final NKey nkey;

		NKeyAuthHandler(NKey nkey) {
			this.nkey = nkey;
		}

		@Override
		public byte[] sign(byte[] nonce) {
			try {
				return this.nkey.sign(nonce);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The nkey could not sign the server's nonce", ex);
			}
		}

		@Override
		public char[] getID() {
			try {
				return this.nkey.getPublicKey();
			}
			catch (Exception ex) {
				throw new IllegalStateException("The nkey's public key could not be derived", ex);
			}
		}

		@Override
		public char[] getJWT() {
			return null;
		}

	}

}
