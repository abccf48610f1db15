/**
 * How a session id is written where it stands: as it is, URI-encoded (`encodeURIComponent`),
 * form-encoded (`URLSearchParams`, a space as `+`) or inside a JSON string. Another call's
 * id is written the same way, or the server reads another id than the one meant. A file of
 * its own: the message checks use the list without carrying the link learner.
 */
export const ID_FORMS = ['raw', 'uri', 'form', 'json'] as const;
export type IdForm = (typeof ID_FORMS)[number];
