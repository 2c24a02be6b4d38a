/**
 * Payment methods the checkout offers. `seeds/payment_methods.csv` carries the same
 * codes; failure rates and reasons only shape the generated payment attempts.
 */

export interface PaymentMethod {
  code: string;
  name: string;
  methodType: 'card' | 'wallet' | 'bank' | 'buy_now_pay_later';
  /** relative share of customers preferring it */
  weight: number;
  /** probability that one attempt fails */
  failureRate: number;
}

export const PAYMENT_METHODS: readonly PaymentMethod[] = [
  { code: 'credit_card', name: 'Credit Card', methodType: 'card', weight: 38, failureRate: 0.14 },
  { code: 'debit_card', name: 'Debit Card', methodType: 'card', weight: 16, failureRate: 0.16 },
  { code: 'paypal', name: 'PayPal', methodType: 'wallet', weight: 20, failureRate: 0.05 },
  { code: 'apple_pay', name: 'Apple Pay', methodType: 'wallet', weight: 10, failureRate: 0.04 },
  { code: 'google_pay', name: 'Google Pay', methodType: 'wallet', weight: 6, failureRate: 0.04 },
  { code: 'klarna', name: 'Klarna Pay Later', methodType: 'buy_now_pay_later', weight: 6, failureRate: 0.18 },
  { code: 'bank_transfer', name: 'Bank Transfer', methodType: 'bank', weight: 4, failureRate: 0.07 },
];

/** Why an attempt failed, with relative frequency. */
export const FAILURE_REASONS: ReadonlyArray<{ reason: string; weight: number }> = [
  { reason: 'card_declined', weight: 40 },
  { reason: 'insufficient_funds', weight: 25 },
  { reason: 'authentication_failed', weight: 15 },
  { reason: 'expired_card', weight: 8 },
  { reason: 'fraud_suspected', weight: 5 },
  { reason: 'processor_timeout', weight: 7 },
];
