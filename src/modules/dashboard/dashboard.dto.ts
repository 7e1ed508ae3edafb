import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { ListBreachesQuery } from '../compliance/index.js';

/**
 * A form's empty choice ("All trusts", "Any severity") arrives as `field=`: the same as leaving the
 * field out.
 */
const BlankAsMissing = () => Transform(({ value }) => (value === '' ? undefined : value));

/** The dashboard's filters; each one left out takes its default (the first system, the last 3 months). */
export class DashboardQuery {
  @BlankAsMissing()
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @BlankAsMissing()
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @BlankAsMissing()
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @BlankAsMissing()
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

/** The breach list page: the API's breach filters, with blank form choices left out. */
export class DashboardBreachesQuery extends ListBreachesQuery {
  @BlankAsMissing() override systemId?: string;
  @BlankAsMissing() override trustId?: string;
  @BlankAsMissing() override rule?: string;
  @BlankAsMissing() override status?: string;
  @BlankAsMissing() override severity?: string;
  @BlankAsMissing() override from?: string;
  @BlankAsMissing() override to?: string;
  @BlankAsMissing() override cursor?: string;
}
