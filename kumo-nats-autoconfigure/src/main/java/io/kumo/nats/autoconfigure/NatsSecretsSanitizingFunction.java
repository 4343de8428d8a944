package io.kumo.nats.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks NATS secrets in {@code /actuator/env} and {@code /actuator/configprops} even where values
 * are shown: passwords, tokens, nkeys and credentials under {@code auth}, and server addresses
 * that carry credentials.
 */
final class NatsSecretsSanitizingFunction implements SanitizingFunction {

	private static final Pattern SECRET = Pattern.compile(
			"kumo[._]nats[._]connections[._].+[._]auth[._](password|token|nkey|credentials)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern SERVERS = Pattern.compile("kumo[._]nats[._]connections[._].+[._]servers.*",
			Pattern.CASE_INSENSITIVE);

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (SECRET.matcher(data.getKey()).matches()) {
			return data.withSanitizedValue();
		}
		if (SERVERS.matcher(data.getKey()).matches() && String.valueOf(data.getValue()).contains("@")) {
			return data.withSanitizedValue();
		}
		return data;
	}

}
