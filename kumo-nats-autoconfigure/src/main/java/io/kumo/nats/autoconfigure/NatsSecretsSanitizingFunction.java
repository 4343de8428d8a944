package io.kumo.nats.autoconfigure;

import java.util.regex.Pattern;

import io.kumo.nats.settings.RedactedUrls;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks NATS secrets in {@code /actuator/env} and {@code /actuator/configprops} even where values
 * are shown: passwords, tokens, nkeys and credentials under {@code auth}, and the credentials of
 * server addresses, whose scheme, host and port stay visible.
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
			return (data.getValue() instanceof CharSequence url) ? data.withValue(RedactedUrls.redact(url.toString()))
					: data.withSanitizedValue();
		}
		return data;
	}

}
