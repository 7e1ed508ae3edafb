import { CronExpressionParser } from 'cron-parser';
import { ValidatorConstraint, type ValidatorConstraintInterface, type ValidationArguments } from 'class-validator';

/** A five-field cron expression that cron-parser (the parser BullMQ uses) accepts. */
@ValidatorConstraint({ name: 'cronExpression' })
export class CronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.trim().split(/\s+/).length !== 5) return false;
    try {
      CronExpressionParser.parse(value, { tz: 'Europe/London' });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a five-field cron expression, e.g. "0 2 * * *"`;
  }
}
