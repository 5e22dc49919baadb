// Why the courseware library did not store a file, or an import or a download stopped, as it crosses the wire:
// a code and its values (protocol/refusals/courseware-texts.pure.ts has the codes and words them). Used by the
// import jobs' and a stick's listing's schemas (device-library-schemas.pure.ts), so the kiosk's types follow.
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import type { CoursewareProblem } from '../../../protocol/refusals/courseware-texts.pure.ts';
import { OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

const Closed = { additionalProperties: false } as const;

const problem = <const C extends readonly string[], P extends TSchema>(codes: C, params: P) => Type.Object({ code: OneOf(codes), params }, Closed);
const Params = <P extends TProperties>(properties: P) => Type.Object(properties, Closed);
/** No values: typed as the domain's empty record (a closed object with no properties). */
const NoParams = Type.Unsafe<Record<string, never>>(Type.Object({}, Closed));
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/** What ffprobe and the decode checks found wrong with a file: the codes a stick's listing may carry. */
export const MEDIA_PROBLEM_CODES = ['empty_file', 'not_media', 'no_video_stream', 'truncated', 'undecodable', 'over_limit'] as const;
const NoFfmpeg = problem(['no_ffmpeg'], Params({ reason: OneOf(['missing', 'too_old', 'unreadable']) }));

/** A file of a stick the listing could not read: its problem. */
export const ListingProblemSchema = Type.Union([problem(MEDIA_PROBLEM_CODES, NoParams), NoFfmpeg]);
sameShape<Static<typeof ListingProblemSchema>, CoursewareProblem<(typeof MEDIA_PROBLEM_CODES)[number] | 'no_ffmpeg'>>(true);

export const CoursewareProblemSchema = Type.Union([
  problem(
    [...MEDIA_PROBLEM_CODES, 'checksum_mismatch', 'bad_manifest', 'bad_playlist', 'partial_name', 'volume_gone', 'size_mismatch'],
    NoParams,
  ),
  NoFfmpeg,
  problem(['duplicate'], Params({ title: Type.String() })),
  problem(['cancelled'], Params({ what: OneOf(['file', 'download']) })),
  problem(['outside_volume'], Params({ path: Type.String(), link: Type.Boolean() })),
  problem(['not_a_file'], Params({ path: Type.String(), why: OneOf(['missing', 'special', 'local']) })),
  problem(['changed_while_copying'], Params({ fileName: Type.String() })),
  problem(['no_space'], Params({ neededMb: NullableInt })),
  problem(['read_failed', 'import_failed'], Params({ detail: Type.String() })),
  problem(['bad_url'], Params({ url: Type.String(), reason: OneOf(['invalid', 'scheme']) })),
  problem(['http_status'], Params({ status: Type.Integer(), url: Type.String() })),
  problem(['network'], Params({ error: Type.String(), attempts: NullableInt })),
  problem(['retrying'], Params({ error: Type.String() })),
  problem(['busy'], Params({ url: Type.String(), pid: NullableInt })),
  problem(['too_many_redirects'], Params({ url: Type.String() })),
  problem(['playlist_too_large'], Params({ limit: Type.Integer() })),
]);
sameShape<Static<typeof CoursewareProblemSchema>, CoursewareProblem>(true);
