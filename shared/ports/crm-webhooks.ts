/** A business's CRM webhook (issue 19 §5): where its job events go, and the secret they are signed with. */
export interface CrmWebhook {
  url: string;
  secret: string;
}

/** The webhook of a business, by its client id: read only by the CRM delivery function (and the admin). */
export interface CrmWebhooks {
  find(clientId: string): Promise<CrmWebhook | undefined>;
}

/** One POST to a CRM. */
export interface CrmPost {
  url: URL;
  /** The checked address to connect to (the host is not resolved again: no DNS rebinding); none for the local receiver. */
  address?: string;
  body: string;
  headers: Record<string, string>;
}

/** The network side of delivery: resolve a host's addresses, and POST to one of them. */
export interface CrmEndpoint {
  resolve(hostname: string): Promise<string[]>;
  /** The response's status code; throws on a timeout or a connection failure. */
  post(request: CrmPost): Promise<number>;
}
