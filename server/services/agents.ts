import type { AgentLoginRequest, AgentLoginResponse } from '../../src/protocol.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { AgentClaims, TokenSigner } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';

/** A hash of nothing, checked when the email is unknown so both paths cost the same. */
let dummyHash: Promise<string> | undefined;

export class AgentService {
  readonly #store: Store;
  readonly #signer: TokenSigner;

  constructor(store: Store, signer: TokenSigner) {
    this.#store = store;
    this.#signer = signer;
  }

  async login({ email, password }: AgentLoginRequest): Promise<AgentLoginResponse> {
    const record = await this.#store.getAgentByEmail(email.trim());
    const valid = await verifyPassword(password, record?.passwordHash ?? (await (dummyHash ??= hashPassword('not a password'))));
    if (!record || !valid) throw new ServiceError('unauthorized', 'wrong email or password');
    const { passwordHash: _hash, ...agent } = record;
    const { token, expiresAt } = await this.#signer.signAgent({ agentId: agent.id, role: agent.role });
    return { token, expiresAt: expiresAt.toISOString(), agent };
  }

  /** Checks an agent token and that the agent still exists. */
  async authenticate(token: unknown): Promise<AgentClaims> {
    const claims = await this.#signer.verifyAgent(token);
    const agent = await this.#store.getAgent(claims.agentId);
    if (!agent) throw new ServiceError('unauthorized', 'agent no longer exists');
    return { agentId: agent.id, role: agent.role };
  }

  async profile(agentId: string) {
    const agent = await this.#store.getAgent(agentId);
    if (!agent) throw new ServiceError('unauthorized', 'agent no longer exists');
    return agent;
  }

  async create(input: { email: string; name: string; password: string; role: 'agent' | 'admin' }) {
    if (await this.#store.getAgentByEmail(input.email)) {
      throw new ServiceError('conflict', 'an agent with this email exists', { param: 'email' });
    }
    return this.#store.createAgent({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
  }
}
