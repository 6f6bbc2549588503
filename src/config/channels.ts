/** The parent platform's channels file: a tree of { key, name, path, children }. */
import { z } from 'zod';
import { fieldPath, UserError } from './diagnostics.js';
import { locate, type Reference, readYamlSource, validateSource } from './source.js';

export interface ChannelInput {
  key: string;
  name: string;
  path: string;
  children?: ChannelInput[];
}

const channelSchema: z.ZodType<ChannelInput> = z.lazy(() =>
  z.strictObject({
    key: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'channel key must be stable ASCII like zwxx.tzgg'),
    name: z.string().trim().min(1),
    path: z.string().regex(/^\/(?:[^\s]*\/)?$/, 'channel path must start and end with "/", like /zwxx/tzgg/'),
    children: z.array(channelSchema).optional(),
  }),
);

export const channelsSchema = z.array(channelSchema).min(1, 'the channels file lists no channels');

export interface Channel {
  key: string;
  name: string;
  path: string;
  /** Names from the root down, e.g. ['政务信息', '通知公告']. */
  trail: string[];
  parent?: string;
  depth: number;
}

export interface Channels {
  file: string;
  absPath: string;
  tree: ChannelInput[];
  /** Every channel, depth first, by key. */
  byKey: Map<string, Channel>;
}

export function loadChannels(absPath: string, ref?: Reference): Channels {
  const source = readYamlSource(absPath, ref);
  const tree = validateSource(source, channelsSchema);
  const byKey = new Map<string, Channel>();
  const walk = (nodes: ChannelInput[], trail: string[], parent: string | undefined, at: (string | number)[]) => {
    nodes.forEach((node, i) => {
      const field = [...at, i, 'key'];
      if (byKey.has(node.key)) {
        throw new UserError({
          file: source.file,
          ...locate(source, field),
          reason: `duplicate channel key "${node.key}"`,
          field: fieldPath(field),
        });
      }
      const channel: Channel = {
        key: node.key,
        name: node.name,
        path: node.path,
        trail: [...trail, node.name],
        parent,
        depth: trail.length,
      };
      byKey.set(node.key, channel);
      if (node.children) walk(node.children, channel.trail, node.key, [...at, i, 'children']);
    });
  };
  walk(tree, [], undefined, []);
  return { file: source.file, absPath, tree, byKey };
}

/** A channel's address on the parent: baseUrl + the channel's path. */
export function channelUrl(baseUrl: string, channelPath: string): string {
  return new URL(channelPath.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

/** A record's address on the parent: baseUrl + channel path + id. */
export function targetUrl(baseUrl: string, channelPath: string, id: string): string {
  return new URL(`${channelPath.replace(/^\//, '')}${id}.html`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}
