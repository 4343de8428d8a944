package io.kumo.nats.settings;

import org.jspecify.annotations.Nullable;

/**
 * How a connection proves who it is. The secrets never appear in {@link #toString()}.
 */
public sealed interface NatsAuth permits NatsAuth.UserPassword, NatsAuth.Token {

	/**
	 * Chooses the kind of authentication from the keys that are set.
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param token the token, or {@code null}
	 * @return the authentication, or {@code null} when none of the keys is set
	 * @throws InvalidNatsSettingException when the keys do not form one kind of authentication
	 */
	static @Nullable NatsAuth of(@Nullable String username, @Nullable String password, @Nullable String token) {
		if (token != null) {
			if (username != null || password != null) {
				throw new InvalidNatsSettingException("auth",
						"set either username and password, or token, not both");
			}
			return new Token(token);
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
