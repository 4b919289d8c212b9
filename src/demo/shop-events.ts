/**
 * Event names the demo shop sends besides the autocaptured ones (`src/schema/autocapture.ts`):
 * Segment's e-commerce spec names where one exists, so goals written for the demo carry over to
 * a real shop that follows the spec.
 */
export const SHOP_EVENTS = {
  productViewed: 'Product Viewed',
  productsSearched: 'Products Searched',
  /** The store finder: a visitor types a zip code to find a store or check same-day delivery. */
  zipCodeSearched: 'Zip Code Searched',
  productAdded: 'Product Added',
  cartViewed: 'Cart Viewed',
  checkoutStarted: 'Checkout Started',
  checkoutStepViewed: 'Checkout Step Viewed',
  checkoutStepCompleted: 'Checkout Step Completed',
  orderCompleted: 'Order Completed',
  newsletterSignedUp: 'Newsletter Signed Up',
} as const

/** `step` of the checkout events. */
export const CHECKOUT_STEPS = { shipping: 1, payment: 2 } as const

/** `form_id` of the lead form (team and club orders) on /business. */
export const LEAD_FORM_ID = 'lead'
