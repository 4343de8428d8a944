package io.kumo.nats.health;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reduces a server URL to scheme, host and port, so user information never reaches health
 * details.
 */
final class ServerUrls {

	private ServerUrls() {
	}

	static String withoutUserInfo(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null) {
				return "(unparsable URL)";
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null).toString();
		}
		catch (URISyntaxException ex) {
			return "(unparsable URL)";
		}
	}

}
