import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Normalises a Swedish organisationsnummer ("556036-0793", "5560360793", "16556036-0793") to ten digits, or null
 * when it is not one: wrong length, or a Luhn check digit that does not match.
 */
export function normaliseOrganisationNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const ten = digits.length === 12 && digits.startsWith('16') ? digits.slice(2) : digits;
  if (ten.length !== 10) return null;
  return luhnValid(ten) ? ten : null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function IsOrganisationNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOrganisationNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a Swedish organisationsnummer with a valid check digit', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && normaliseOrganisationNumber(value) !== null },
    });
}
