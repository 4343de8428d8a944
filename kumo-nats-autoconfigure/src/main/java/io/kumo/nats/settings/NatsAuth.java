package io.kumo.nats.settings;

import org.jspecify.annotations.Nullable;

/**
 * How a connection proves who it is. The secrets never appear in {@link #toString()}.
 */
public sealed interface NatsAuth permits NatsAuth.UserPassword, NatsAuth.Token, NatsAuth.NKey, NatsAuth.Credentials {

	/**
	 * Chooses the kind of authentication from the user name, password and token.
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param token the token, or {@code null}
	 * @return the authentication, or {@code null} when none of the keys is set
	 * @throws InvalidNatsSettingException when the keys do not form one kind of authentication
	 */
	static @Nullable NatsAuth of(@Nullable String username, @Nullable String password, @Nullable String token) {
		return of(username, password, token, null, null);
	}

	/**
	 * Chooses the kind of authentication from the keys that are set. NATS takes one kind per
	 * connection, so setting keys of two kinds is an error.
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param token the token, or {@code null}
	 * @param nkey an nkey seed or the location of a file holding one, or {@code null}
	 * @param credentials the contents or location of a {@code .creds} file, or {@code null}
	 * @return the authentication, or {@code null} when none of the keys is set
	 * @throws InvalidNatsSettingException when the keys do not form one kind of authentication
	 */
	static @Nullable NatsAuth of(@Nullable String username, @Nullable String password, @Nullable String token,
			@Nullable String nkey, @Nullable String credentials) {
		int kinds = ((username != null || password != null) ? 1 : 0) + ((token != null) ? 1 : 0)
				+ ((nkey != null) ? 1 : 0) + ((credentials != null) ? 1 : 0);
		if (kinds > 1) {
			throw new InvalidNatsSettingException("auth",
					"set one kind of authentication: username and password, token, nkey or credentials");
		}
		if (token != null) {
			return new Token(token);
		}
		if (nkey != null) {
			return new NKey(nkey);
		}
		if (credentials != null) {
			return new Credentials(credentials);
		}
		if (username != null && password == null) {
			throw new InvalidNatsSettingException("auth.password", "must be set when auth.username is set");
		}
		if (password != null && username == null) {
			throw new InvalidNatsSettingException("auth.username", "must be set when auth.password is set");
		}
		return (username != null) ? new UserPassword(username, password) : null;
	}

	/**
	 * Log in with a user name and password.
	 *
	 * @param username the user name
	 * @param password the password
	 */
	record UserPassword(String username, String password) implements NatsAuth {

		public UserPassword {
			if (username.isEmpty()) {
				throw new InvalidNatsSettingException("auth.username", "must not be empty");
			}
			if (password.isEmpty()) {
				throw new InvalidNatsSettingException("auth.password", "must not be empty");
			}
		}

		@Override
		public String toString() {
			return "UserPassword[username=" + this.username + ", password=******]";
		}

	}

	/**
	 * Log in by signing the server's nonce with an nkey.
	 *
	 * @param seed the nkey seed ({@code SU...}) or the location of a file holding it
	 */
	record NKey(String seed) implements NatsAuth {

		public NKey {
			if (seed.isEmpty()) {
				throw new InvalidNatsSettingException("auth.nkey", "must not be empty");
			}
		}

		@Override
		public String toString() {
			return "NKey[******]";
		}

	}

	/**
	 * Log in with a NATS credentials file: a user JWT and the nkey seed that signs for it.
	 *
	 * @param credentials the contents of a {@code .creds} file or its location
	 */
	record Credentials(String credentials) implements NatsAuth {

		public Credentials {
			if (credentials.isEmpty()) {
				throw new InvalidNatsSettingException("auth.credentials", "must not be empty");
			}
		}

		@Override
		public String toString() {
			return "Credentials[******]";
		}

	}

	/**
	 * Log in with a token.
	 *
	 * @param token the token
	 */
	record Token(String token) implements NatsAuth {

		public Token {
			if (token.isEmpty()) {
				throw new InvalidNatsSettingException("auth.token", "must not be empty");
			}
		}

		@Override
		public String toString() {
			return "Token[******]";
		}

	}

}
