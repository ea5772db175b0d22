import { type AccountConfig, isTokenCommand, type OAuthProvider, type ServerConfig } from '../config/schema';
import type { Account } from './account';
import { authKindOf, type AuthKind } from './credentials';

/** An `oauth2` block without its secrets: the client id is public, the client secret and tokens are not. */
export interface PublicOAuth2 {
  provider: OAuthProvider;
  clientId: string;
  clientSecret?: true;
  authorizeUrl?: string;
  tokenUrl?: string;
  deviceUrl?: string;
  scopes?: string[];
}

type PublicServer = Omit<ServerConfig, 'password' | 'passwordCommand' | 'oauth2'> & {
  /** Which kind of credential is set (never its value, nor a command). */
  auth: AuthKind;
  /** False when the user must act: never signed in, a sign-in the provider ended, or a login the server refused. */
  signedIn: boolean;
  /** Kept for v1 clients: says a password command is set. */
  passwordCommand?: true;
  oauth2?: PublicOAuth2;
};

/** An account as the API shows it: never a password, a command, a token or a client secret. */
export interface AccountView extends Omit<AccountConfig, 'imap' | 'smtp'> {
  imap: PublicServer;
  smtp?: PublicServer;
}

/** An account as `GET /v1/accounts` shows it, with what the running Account knows about its sign-in. */
export function toView({ imap, smtp, ...rest }: AccountConfig, running: Account | undefined): AccountView {
  const imapSignedIn = (running?.credentials.imap.usable ?? true) && running?.state !== 'auth-error';
  return {
    ...rest,
    imap: publicServer(imap, imapSignedIn),
    ...(smtp && { smtp: publicServer(smtp, running?.credentials.smtp?.usable ?? true) }),
  };
}

function publicServer({ password: _password, passwordCommand, oauth2, ...rest }: ServerConfig, signedIn: boolean): PublicServer {
  const signIn = oauth2 && !isTokenCommand(oauth2) ? oauth2 : undefined;
  return {
    ...rest,
    auth: authKindOf({ ...rest, passwordCommand, oauth2 } as ServerConfig),
    signedIn: signedIn && (!signIn || signIn.refreshToken !== undefined),
    ...(passwordCommand && { passwordCommand: true as const }),
    ...(signIn && {
      oauth2: {
        provider: signIn.provider,
        clientId: signIn.clientId,
        ...(signIn.clientSecret !== undefined && { clientSecret: true as const }),
        ...(signIn.authorizeUrl && { authorizeUrl: signIn.authorizeUrl }),
        ...(signIn.tokenUrl && { tokenUrl: signIn.tokenUrl }),
        ...(signIn.deviceUrl && { deviceUrl: signIn.deviceUrl }),
        ...(signIn.scopes && { scopes: signIn.scopes }),
      },
    }),
  };
}
